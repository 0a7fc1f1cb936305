// costpanel: where things live (XDG base directories). Every path can also be given on the command line.
#pragma once

#include <string>

namespace costpanel {

std::string config_dir();           // $XDG_CONFIG_HOME/costpanel, else ~/.config/costpanel
std::string data_dir();             // $XDG_DATA_HOME/costpanel, else ~/.local/share/costpanel
std::string state_dir();            // $XDG_STATE_HOME/costpanel, else ~/.local/state/costpanel
std::string default_socket_path();  // $XDG_RUNTIME_DIR/costpanel.sock, else /tmp/costpanel-$UID.sock
// The user's price file merged over the built-in table: config_dir()/pricing.json.
std::string user_pricing_path();

// The directory a path is in: "." for a bare name, "/" for a name at the root.
std::string parent_directory(const std::string& path);
// Creates a directory and its parents with mode 0700; false (errno set) when that fails.
bool make_private_dirs(const std::string& path);

}  // namespace costpanel
