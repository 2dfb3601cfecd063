#include "channels/bulk_file.h"

#include "stocktake/decimal.h"

namespace stocktake::engine {

template <typename Accept, typename Row>
BulkFile TableFileChannel::Write(BulkFileKind kind, std::span<const ChannelListing> listings,
                                 Accept accept, const char* left_out, Row row) const {
    const DelimitedWriterOptions options = Options();
    const bool tsv = options.delimiter == '\t';
    BulkFile file;
    file.channel = id();
    file.kind = BulkFileKindName(kind);
    file.file_name = file.channel + "_" + file.kind + (tsv ? ".txt" : ".csv");
    file.media_type = tsv ? "text/tab-separated-values" : "text/csv";
    DelimitedWriter writer(options);
    for (const std::vector<std::string_view>& line : Header()) {
        writer.WriteRow(std::span<const std::string_view>(line));
    }
    const int64_t header_rows = writer.rows_written();
    for (const ChannelListing& listing : listings) {
        if (accept(listing)) {
            const Cells cells = row(listing);
            writer.WriteRow(std::span<const std::string>(cells));
        } else {
            ++file.skipped;
        }
    }
    file.rows = writer.rows_written() - header_rows;
    if (file.skipped > 0) {
        file.notes.push_back(std::to_string(file.skipped) +
                             (file.skipped == 1 ? " listing" : " listings") +
                             " left out: " + left_out);
    }
    if (writer.lossy_fields() > 0) {
        file.notes.push_back(std::to_string(writer.lossy_fields()) +
                             " values held a TAB or line break, written as a space");
    }
    file.text = writer.Take();
    return file;
}

BulkFile TableFileChannel::BuildQuantityFile(std::span<const ChannelListing> listings) const {
    return Write(
        BulkFileKind::kQuantity, listings,
        [](const ChannelListing& l) { return l.quantity.has_value(); },
        "the channel holds their stock",
        [this](const ChannelListing& l) { return QuantityRow(l, *l.quantity); });
}

BulkFile TableFileChannel::BuildPriceFile(std::span<const ChannelListing> listings) const {
    return Write(
        BulkFileKind::kPrice, listings,
        [](const ChannelListing& l) { return l.price_minor.has_value(); }, "they have no price",
        [this](const ChannelListing& l) { return PriceRow(l); });
}

BulkFile TableFileChannel::BuildDelistFile(std::span<const ChannelListing> listings) const {
    return Write(
        BulkFileKind::kDelist, listings,
        [](const ChannelListing& l) { return l.quantity.has_value(); },
        "the channel holds their stock",
        [this](const ChannelListing& l) { return QuantityRow(l, 0); });
}

Cells TableFileChannel::PriceRow(const ChannelListing& listing) const {
    (void)listing;
    return {};
}

std::string PriceText(const ChannelListing& listing) {
    return listing.price_minor ? FormatDecimalMinor(*listing.price_minor, 2) : std::string();
}

}  // namespace stocktake::engine
