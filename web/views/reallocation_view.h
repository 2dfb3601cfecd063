// ReallocationView: the reallocation list (what one channel offers and another may take),
// pushing a SKU onto it and pulling an entry to a channel, each after a preview of what
// would move; the audit of moves; the list as a CSV download. Draws App's cached
// ReallocationState, its two forms included: each change is an intent. On a phone the
// list and the moves are stacked blocks instead of tables wider than the screen.
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
// The pull the form describes.
engine::ReallocationPull PullOf(const ReallocationPullForm& form);

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

    MissingGlyphs glyphs_;
};

}  // namespace stocktake::web
