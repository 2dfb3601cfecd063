// NavView: the navigation between the main column's screens. On a wide screen a list at the
// top of the left sidebar; on a phone one combo above the screen, so a dozen screens fit
// in 390 px. Which screen shows is App state: choosing one posts ShowScreenIntent.
#pragma once

#include <cstddef>

#include "views/view.h"

namespace stocktake::web {

struct NavEntry {
    Screen screen;
    const char* label;
};

// The screens the navigation offers, in order. Screens opened from another screen (a
// product's detail) are not listed: the navigation shows their parent as current.
const NavEntry* NavEntries(size_t* count);

class NavView {
  public:
    void Draw(const ViewContext& ctx, Screen shown);
};

}  // namespace stocktake::web
