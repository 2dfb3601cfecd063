// Checks on an upload as a whole, before and while it is read, and the messages a seller
// gets when a file cannot be imported at all. Same for every format.
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "stocktake/status.h"

namespace stocktake::engine {

// How much of the beginning of a file CheckUploadBytes looks at: what a file is shows in
// its head, and a streamed import has only its head when it starts.
inline constexpr size_t kUploadCheckBytes = 64 * 1024;

// Checks the head of the raw bytes (their first kUploadCheckBytes; pass at least that much
// unless the file is shorter) before decoding. Non-OK (with a message saying what was
// expected and what to do) for an empty file or a compressed or binary file (NUL bytes).
// UTF-16 text with a byte order mark passes (the reader decodes it). A NUL byte after the
// head is caught while the file is read (NulByteError).
Status CheckUploadBytes(std::string_view bytes);

// The reader's error for a NUL byte at offset, found after the head.
Status NulByteError(uint64_t offset);

// The message for a file that has no header line at all (only blank lines).
std::string EmptyFileMessage();

// The message for a file the reader could not read (undecodable bytes, a runaway record,
// too many columns), wherever in the file that happened; reason is the reader's message.
std::string UnreadableFileMessage(std::string_view reason);

}  // namespace stocktake::engine
