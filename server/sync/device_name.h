// A device's name for the Sync screen's device list when it sends none: its browser and
// system from the User-Agent ("Chrome on Linux"), and the limits on a name it sends.
#pragma once

#include <string>

namespace stocktake::server {

constexpr size_t kMaxDeviceNameBytes = 80;

// "Chrome on Android", "Safari on iPhone", "Firefox on Windows"; "" when neither the
// browser nor the system is recognised.
std::string DeviceNameFromUserAgent(const std::string& user_agent);

// name without control characters and surrounding spaces, cut to kMaxDeviceNameBytes on a
// UTF-8 character boundary.
std::string CleanDeviceName(const std::string& name);

}  // namespace stocktake::server
