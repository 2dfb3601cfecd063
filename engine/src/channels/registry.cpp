// The registered channels. Adding one: its file (defining `const Channel&
// <Name>ChannelPlugin()`) and one X(<Name>) line below.
#include <utility>

#include "channels/channel.h"

namespace stocktake::engine {

#define ST_CHANNELS(X) \
    X(Amazon)          \
    X(Ebay)            \
    X(Shopify)         \
    X(Woot)

#define ST_DECLARE_CHANNEL(Name) const Channel& Name##ChannelPlugin();
ST_CHANNELS(ST_DECLARE_CHANNEL)
#undef ST_DECLARE_CHANNEL

const std::vector<const Channel*>& RegisteredChannels() {
#define ST_LIST_CHANNEL(Name) &Name##ChannelPlugin(),
    static const std::vector<const Channel*> kChannels = {ST_CHANNELS(ST_LIST_CHANNEL)};
#undef ST_LIST_CHANNEL
    return kChannels;
}

const Channel* FindChannel(std::string_view id) {
    for (const Channel* channel : RegisteredChannels()) {
        if (id == channel->id()) return channel;
    }
    return nullptr;
}

ChannelInfo InfoOf(const Channel& channel) {
    ChannelInfo info;
    info.id = channel.id();
    info.display_name = channel.display_name();
    info.update_delay_minutes = channel.update_delay_minutes();
    const std::pair<uint32_t, const char*> kFeatures[] = {
        {kQuantityFileBit, kFeatureQuantityFile},
        {kPriceFileBit, kFeaturePriceFile},
        {kDelistFileBit, kFeatureDelistFile},
        {kReallocationPushBit, kFeatureReallocationPush},
        {kReallocationPullBit, kFeatureReallocationPull},
    };
    for (const auto& [bit, name] : kFeatures) {
        if ((channel.features() & bit) != 0) info.features.push_back(name);
    }
    return info;
}

}  // namespace stocktake::engine
