// ReallocationView: the reallocation list (what one channel offers and another may take),
// pushing a SKU onto it and pulling an entry to a channel, each after a preview of what
// would move; the audit of moves; the list as a CSV download. Draws App's cached
// ReallocationState; the typed values are this view's UI state until an intent carries them.
#pragma once

#include <string>
#include <vector>

#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

// What pulling `entry` as `pull` would move, in words, as the confirmation shows it before
// anything moves.
std::string PullPreviewText(const engine::ReallocationEntry& entry,
                            const engine::ReallocationPull& pull);

class ReallocationView {
  public:
    void Draw(const ViewContext& ctx);

  private:
    void DrawPush(const ViewContext& ctx);
    void DrawEntries(const ViewContext& ctx);
    void DrawPullConfirmation(const ViewContext& ctx);
    void DrawMoves(const ViewContext& ctx);
    // The registered channels that opt into a feature, with their names.
    void ChannelsWith(const ViewContext& ctx, const char* feature, std::vector<std::string>* ids,
                      std::vector<std::string>* names) const;

    // UI state: the push form and the entry being pulled.
    std::string push_sku_;
    std::string push_channel_;
    std::string push_reason_;
    int push_qty_ = 0;  // 0 = whatever is listed
    engine::ReallocationEntry pulling_;
    std::string pull_channel_;
    int pull_qty_ = 1;
    std::string pull_from_;  // both set: a ledger transfer between these locations
    std::string pull_to_;
    MissingGlyphs glyphs_;
};

}  // namespace stocktake::web
