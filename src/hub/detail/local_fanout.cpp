#include "hub/detail/local_fanout.hpp"

#include "core/assert.hpp"

namespace ordercast::hub::detail {

local_fanout::add_result local_fanout::add(subscriber* s, std::string_view channel,
                                           std::uint64_t after_global) {
    auto& list = s->hub_memberships_;
    for (const membership& m : list) {
        if (m.channel->name == channel) {
            m.channel->slots[m.pos].after_global = after_global;
            return {m.channel->name, false};
        }
    }
    auto it = channels_.find(channel);
    if (it == channels_.end()) {
        auto created = std::make_unique<local_channel>();
        created->name.assign(channel);
        const std::string_view key = created->name;
        it = channels_.emplace(key, std::move(created)).first;
    }
    local_channel& ch = *it->second;
    ch.slots.push_back(slot{s, after_global, static_cast<std::uint32_t>(list.size()), s->delivery_memory_});
    list.push_back(membership{&ch, static_cast<std::uint32_t>(ch.slots.size() - 1)});
    ++subscriptions_;
    return {ch.name, true};
}

bool local_fanout::remove(subscriber* s, std::string_view channel) {
    auto& list = s->hub_memberships_;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (list[i].channel->name != channel) {
            continue;
        }
        local_channel& ch = *list[i].channel;
        remove_slot(ch, list[i].pos);
        if (i + 1 != list.size()) {
            list[i] = list.back();
            list[i].channel->slots[list[i].pos].back = static_cast<std::uint32_t>(i);
        }
        list.pop_back();
        if (list.empty()) {
            std::vector<membership>().swap(list);  // an idle subscriber holds no list
        }
        --subscriptions_;
        erase_if_empty(ch);
        return true;
    }
    return false;
}

bool local_fanout::contains(subscriber* s, std::string_view channel) const {
    for (const membership& m : s->hub_memberships_) {
        if (m.channel->name == channel) {
            return true;
        }
    }
    return false;
}

const std::vector<local_fanout::slot>* local_fanout::find(std::string_view channel) const {
    const auto it = channels_.find(channel);
    return it == channels_.end() ? nullptr : &it->second->slots;
}

void local_fanout::remove_slot(local_channel& ch, std::uint32_t pos) {
    OC_DEBUG_ASSERT(pos < ch.slots.size());
    const std::size_t last = ch.slots.size() - 1;
    if (pos != last) {
        // The moved slot belongs to another subscriber (a subscriber has one slot per channel):
        // point its membership at the new position.
        ch.slots[pos] = ch.slots[last];
        const slot& moved = ch.slots[pos];
        moved.target->hub_memberships_[moved.back].pos = pos;
    }
    ch.slots.pop_back();
}

void local_fanout::erase_if_empty(local_channel& ch) {
    if (ch.slots.empty()) {
        // Erase through the iterator: the key views ch.name, which the erase destroys.
        channels_.erase(channels_.find(std::string_view(ch.name)));
    }
}

}  // namespace ordercast::hub::detail
