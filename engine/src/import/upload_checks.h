// Checks on an upload as a whole, before and while it is read, and the messages a seller
// gets when a file cannot be imported at all. Same for every format.
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "stocktake/status.h"

namespace stocktake::engine {

// Checks the raw bytes before decoding. Non-OK (with a message saying what was expected
// and what to do) for an empty file or a compressed or binary file (NUL bytes). UTF-16 text
// with a byte order mark passes (the reader decodes it).
Status CheckUploadBytes(std::string_view bytes);

// The message for a file that has no header line at all (only blank lines).
std::string EmptyFileMessage();

// The message for a file the reader could not read (undecodable bytes, a runaway record,
// too many columns), wherever in the file that happened; reason is the reader's message.
std::string UnreadableFileMessage(std::string_view reason);

}  // namespace stocktake::engine
