// Test-only: the view models and engine behind a Panel's drawing (Panel befriends this struct; no
// host header mentions it).
#pragma once

#include "costpanel/ui/panel.hpp"
#include "ui/panel_impl.hpp"

namespace costpanel {

struct PanelTestAccess
{
    static ui::PanelImpl& impl(Panel& panel) { return *panel.impl_; }
};

}  // namespace costpanel
