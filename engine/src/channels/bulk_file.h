// What the channels' file builders share. Most marketplaces take one delimited table in
// which an empty cell leaves the stored value alone: TableFileChannel builds all three
// files from a channel's header and two row functions, and counts every listing it leaves
// out in the file's notes, so a file never drops a listing silently.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "channels/channel.h"
#include "export/delimited_writer.h"

namespace stocktake::engine {

using Cells = std::vector<std::string>;

class TableFileChannel : public Channel {
  public:
    // Rows for the listings with a quantity of ours (not FBA).
    BulkFile BuildQuantityFile(std::span<const ChannelListing> listings) const override;
    // Rows for the listings with a price; PriceRow must be implemented when the channel
    // opts into price files.
    BulkFile BuildPriceFile(std::span<const ChannelListing> listings) const override;
    // QuantityRow with 0: the listing shows out of stock (a pause that keeps the listing).
    BulkFile BuildDelistFile(std::span<const ChannelListing> listings) const override;

  protected:
    virtual DelimitedWriterOptions Options() const = 0;
    // The lines before the data: usually one header row.
    virtual std::vector<std::vector<std::string_view>> Header() const = 0;
    virtual Cells QuantityRow(const ChannelListing& listing, int64_t quantity) const = 0;
    virtual Cells PriceRow(const ChannelListing& listing) const;

  private:
    // Writes "<channel>_<kind>.txt" (TAB) or ".csv": the header, then row(listing) for each
    // listing row accepts; the others are counted under `left_out`.
    template <typename Accept, typename Row>
    BulkFile Write(BulkFileKind kind, std::span<const ChannelListing> listings, Accept accept,
                   const char* left_out, Row row) const;
};

// The listing's price as the marketplaces write it ("12.50"); "" when unknown.
std::string PriceText(const ChannelListing& listing);

}  // namespace stocktake::engine
