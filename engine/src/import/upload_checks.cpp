#include "import/upload_checks.h"

#include <cstring>
#include <string>

namespace stocktake::engine {

namespace {

constexpr const char* kWhatToDo =
    " Stocktake imports text files (CSV or tab-separated) whose first line names the columns: "
    "marketplace reports as downloaded (Amazon, eBay, Shopify, ShipStation), supplier price "
    "sheets and catalogue spreadsheets saved as CSV.";

}  // namespace

Status CheckUploadBytes(std::string_view bytes) {
    if (bytes.empty())
        return Status::InvalidArgument("The file is empty." + std::string(kWhatToDo));
    bytes = bytes.substr(0, kUploadCheckBytes);
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
    if (bytes.size() >= 2 && byte(0) == 0x1F && byte(1) == 0x8B) {
        return Status::InvalidArgument(
            "The file is gzip-compressed. Decompress it first (for example open it with your "
            "archive tool) and upload the text file inside." +
            std::string(kWhatToDo));
    }
    if (bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) {
        return Status::InvalidArgument(
            "The file is a ZIP archive or an Excel workbook, not a text file. If you opened "
            "it in Excel, save it as \"CSV UTF-8\" or \"Text (Tab delimited)\" instead, or "
            "upload the original download." +
            std::string(kWhatToDo));
    }
    // UTF-16 (Excel's "Unicode Text") holds NUL bytes by nature; the reader decodes it.
    if (bytes.size() >= 2 &&
        ((byte(0) == 0xFF && byte(1) == 0xFE) || (byte(0) == 0xFE && byte(1) == 0xFF))) {
        return Status::Ok();
    }
    if (std::memchr(bytes.data(), '\0', bytes.size()) != nullptr) {
        return Status::InvalidArgument(
            "The file contains binary data (NUL bytes), so it is not a "
            "text file." +
            std::string(kWhatToDo));
    }
    return Status::Ok();
}

Status NulByteError(uint64_t offset) {
    return Status::Corruption("the file holds a NUL byte at byte " + std::to_string(offset) +
                              ", so it is binary data, not text");
}

std::string EmptyFileMessage() {
    return "The file has no header line (it contains only blank lines)." + std::string(kWhatToDo);
}

std::string UnreadableFileMessage(std::string_view reason) {
    std::string message = "The file could not be read (";
    message += reason;
    message += "), so nothing from it was saved.";
    message += kWhatToDo;
    return message;
}

}  // namespace stocktake::engine
