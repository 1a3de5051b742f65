#pragma once

#include "hub/subscriber.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ordercast::hub::detail {

// The local subscribers of one channel on one worker.
struct local_channel {
    struct slot {
        subscriber* target;
        // The subscriber receives only events whose global id is greater than this.
        std::uint64_t after_global;
        std::uint32_t back;              // index of this channel in the subscriber's membership list
        subscriber::memory_span memory;  // the subscriber's, copied: drain prefetches without reading it
    };
    std::string name;
    std::vector<slot> slots;
};

// One worker's subscriptions: channel -> the local subscribers on it, and, inside each
// subscriber (subscriber::hub_memberships_), its channels, so that delivery needs one lookup per
// event and unsubscribe_all costs O(channels of the subscriber). Removal swaps the last element
// into the hole and fixes its back index.
//
// Thread contract: only the owning worker's thread touches it; no locks.
class local_fanout {
public:
    using slot = local_channel::slot;

    struct add_result {
        std::string_view name;  // this table's copy of the name: valid while `s` is on the channel
        bool is_new;            // false when `s` was on the channel already
    };
    // Subscribes `s` to `channel`, or moves the start of an existing subscription to
    // `after_global`.
    add_result add(subscriber* s, std::string_view channel, std::uint64_t after_global);
    // Returns true when `s` was subscribed to `channel`.
    bool remove(subscriber* s, std::string_view channel);
    // Removes every subscription of `s`, calling on_removed(channel name) for each.
    template <typename Fn>
    void remove_all(subscriber* s, Fn&& on_removed);

    bool contains(subscriber* s, std::string_view channel) const;
    // The local subscribers of `channel`, or nullptr when it has none. Valid until the next add or remove.
    const std::vector<slot>* find(std::string_view channel) const;
    std::size_t subscription_count() const noexcept { return subscriptions_; }

private:
    void remove_slot(local_channel& ch, std::uint32_t pos);
    void erase_if_empty(local_channel& ch);

    // Nodes of unordered_map are stable, and local_channel is heap-held, so membership pointers
    // and string_view keys stay valid while the entry exists.
    std::unordered_map<std::string_view, std::unique_ptr<local_channel>> channels_;
    std::size_t subscriptions_ = 0;
};

template <typename Fn>
void local_fanout::remove_all(subscriber* s, Fn&& on_removed) {
    // Popping from the back of the membership list needs no back-index fix-ups within it.
    auto& list = s->hub_memberships_;
    while (!list.empty()) {
        const membership m = list.back();
        list.pop_back();
        remove_slot(*m.channel, m.pos);
        --subscriptions_;
        on_removed(std::string_view(m.channel->name));
        erase_if_empty(*m.channel);
    }
    std::vector<membership>().swap(list);
}

}  // namespace ordercast::hub::detail
