#include "hub/hub.hpp"

#include "core/assert.hpp"
#include "core/prefetch.hpp"
#include "hub/detail/channel_table.hpp"
#include "hub/detail/local_fanout.hpp"
#include "hub/detail/worker_inbox.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bitset>
#include <limits>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>

namespace ordercast::hub {

namespace {

constexpr std::size_t k_no_limit = std::numeric_limits<std::size_t>::max();

// 8 random hex digits: a restart that lost the in-memory history gets a new epoch.
std::string random_epoch() {
    std::random_device device;
    const std::uint32_t value = device();
    constexpr char k_hex[] = "0123456789abcdef";
    std::string epoch(8, '0');
    for (std::size_t i = 0; i < epoch.size(); ++i) {
        epoch[i] = k_hex[(value >> (28 - 4 * i)) & 0xF];
    }
    return epoch;
}

std::int64_t to_unix_ms(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

// State only worker w's thread touches, except `inbox` (any publisher) and `delivered` (stats).
// Named, not in the anonymous namespace: hub::impl, which has external linkage, holds it (GCC
// warns about that when this file is compiled inside a unity unit).
namespace detail {
struct alignas(64) worker_state {
    worker_inbox inbox;
    local_fanout fanout;
    std::vector<event_ptr> batch;  // drain()'s buffer, kept to reuse its capacity
    std::atomic<std::uint64_t> delivered{0};
    bool draining = false;  // set inside drain(), to catch (un)subscribe from deliver() in debug builds
};
}  // namespace detail
using detail::worker_state;

struct hub::impl {
    impl(hub_options opts, std::size_t workers, dispatcher& d, std::function<void(event&)> render)
        : options(std::move(opts)),
          epoch(options.epoch.empty() ? random_epoch() : options.epoch),
          wake_target(d),
          renderer(std::move(render)),
          channels(epoch, workers) {
        if (workers == 0 || workers > k_max_workers) {
            throw std::invalid_argument(
                "hub: worker_count must be between 1 and 256; configure the number of "
                "worker threads within that range");
        }
        if (!options.clock) {
            options.clock = [] { return std::chrono::system_clock::now(); };
        }
        critical = options.critical_types;
        std::sort(critical.begin(), critical.end());
        worker.reserve(workers);
        for (std::size_t i = 0; i < workers; ++i) {
            worker.push_back(std::make_unique<worker_state>());
        }
    }

    std::int64_t now_ms() const { return to_unix_ms(options.clock()); }
    std::int64_t age_cutoff_ms(std::int64_t now) const { return now - options.history_max_age.count(); }

    worker_state& on_worker(worker_id w) {
        OC_ASSERT(w < worker.size());
        OC_DEBUG_ASSERT(!worker[w]->draining && "subscriber::deliver() must not subscribe or unsubscribe");
        return *worker[w];
    }

    // Both run with the shard's mutex held.
    void account_added(detail::channel_table::shard& shard, std::size_t bytes) {
        ++shard.history_events;
        history_events.fetch_add(1, std::memory_order_relaxed);
        history_bytes.fetch_add(bytes, std::memory_order_relaxed);
    }
    void account_evicted(detail::channel_table::shard& shard, const detail::evicted& gone) {
        shard.history_events -= gone.events;
        history_events.fetch_sub(gone.events, std::memory_order_relaxed);
        history_bytes.fetch_sub(gone.bytes, std::memory_order_relaxed);
    }

    template <typename Resume>
    subscribe_result subscribe_with(worker_id w, subscriber* s, std::string_view name, Resume&& resume);
    void enforce_budget();

    hub_options options;
    std::string epoch;
    dispatcher& wake_target;
    std::function<void(event&)> renderer;
    std::vector<std::string> critical;  // sorted
    detail::channel_table channels;
    std::vector<std::unique_ptr<worker_state>> worker;
    std::atomic<std::uint64_t> last_global{0};
    std::atomic<std::size_t> subscriptions{0};
    std::atomic<std::size_t> history_events{0};
    std::atomic<std::size_t> history_bytes{0};
    std::atomic<std::uint64_t> published{0};
};

hub::hub(hub_options options, std::size_t worker_count, dispatcher& d, std::function<void(event&)> renderer)
    : impl_(std::make_unique<impl>(std::move(options), worker_count, d, std::move(renderer))) {}

hub::~hub() = default;

// ---- publishing ---------------------------------------------------------------------------------

event_ptr hub::publish(publish_request request) {
    if (request.channel.empty()) {
        throw std::invalid_argument(
            "hub: publish needs a channel name; pass the canonical channel to publish to");
    }
    impl& m = *impl_;
    auto draft = std::make_shared<event>();
    draft->channel = std::move(request.channel);
    draft->type = std::move(request.type);
    draft->data = std::move(request.data);
    draft->requires_ack = request.critical || is_critical(draft->type);

    std::bitset<k_max_workers> to_wake;
    event_ptr ev;
    {
        auto& shard = m.channels.shard_for(draft->channel);
        std::lock_guard lock(shard.mutex);
        const std::shared_ptr<detail::channel>& owner = m.channels.find_or_create(shard, draft->channel);
        detail::channel& ch = *owner;

        // Numbered and stamped under the shard lock, so seq, global id and time all grow together.
        draft->seq = ch.take_seq();
        draft->global_id = m.last_global.fetch_add(1, std::memory_order_relaxed) + 1;
        format_message_id(draft->message_id, m.epoch, draft->global_id);
        draft->epoch = ch.epoch();
        draft->published_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                  std::chrono::steady_clock::now().time_since_epoch())
                                  .count();
        const std::int64_t now = m.now_ms();
        draft->timestamp_ms = now;
        if (m.renderer) {
            try {
                m.renderer(*draft);
            } catch (...) {
                ch.return_seq();
                m.channels.release_if_unused(shard, ch);
                throw;
            }
        }
        ev = std::move(draft);

        m.account_added(shard, ch.append(ev));
        detail::evicted gone = ch.trim_to(m.options.history_max_events);
        gone += ch.drop_older_than(m.age_cutoff_ms(now));
        m.account_evicted(shard, gone);
        if (ch.history_size() != 0) {
            shard.retention.push(owner, ev->global_id, shard.history_events);
            m.channels.note_retention_front(shard);
        }

        // Queued while the shard lock is held, so every inbox sees this channel's events in seq order.
        for (worker_id w = 0; w < m.worker.size(); ++w) {
            if (ch.has_subscribers_on(w) && m.worker[w]->inbox.push(ev)) {
                to_wake.set(w);
            }
        }
        m.channels.release_if_unused(shard, ch);
    }
    for (worker_id w = 0; w < m.worker.size(); ++w) {
        if (to_wake.test(w)) {
            m.wake_target.wake(w);
        }
    }
    m.published.fetch_add(1, std::memory_order_relaxed);
    m.enforce_budget();
    return ev;
}

// Evicts the oldest events overall until history fits the memory budget. Takes one shard mutex
// at a time; concurrent publishers may evict side by side.
void hub::impl::enforce_budget() {
    while (history_bytes.load(std::memory_order_relaxed) > options.history_memory_budget) {
        auto* shard = channels.oldest_shard();
        if (shard == nullptr) {
            return;
        }
        std::lock_guard lock(shard->mutex);
        detail::evicted gone;
        const auto owner = shard->retention.evict_oldest(gone);
        channels.note_retention_front(*shard);
        if (owner) {
            account_evicted(*shard, gone);
            channels.release_if_unused(*shard, *owner);
        }
    }
}

// ---- subscriptions ------------------------------------------------------------------------------

// `resume(channel&, subscribe_result&)` runs under the shard lock and fills replay and recovered.
template <typename Resume>
subscribe_result hub::impl::subscribe_with(worker_id w, subscriber* s, std::string_view name,
                                           Resume&& resume) {
    worker_state& ws = on_worker(w);
    const bool already = ws.fanout.contains(s, name);
    subscribe_result result;
    std::uint64_t after_global = 0;
    {
        auto& shard = channels.shard_for(name);
        std::lock_guard lock(shard.mutex);
        detail::channel& ch = *channels.find_or_create(shard, name);
        if (!already) {
            ch.add_subscriber(w);
        }
        resume(ch, result);
        if (!result.recovered) {
            result.replay.clear();
        }
        result.current = position{ch.last_seq(), ch.epoch()};
        // Events up to here are in the replay or were skipped on purpose; later ones reach this
        // worker's inbox because its subscriber count is now non-zero. Events of this channel
        // already sitting in the inbox have global ids <= after_global, and drain skips them for s.
        after_global = ch.last_global();
    }
    result.channel = ws.fanout.add(s, name, after_global).name;
    if (!already) {
        subscriptions.fetch_add(1, std::memory_order_relaxed);
    }
    return result;
}

subscribe_result hub::subscribe(worker_id w, subscriber* s, std::string_view channel,
                                const std::optional<position>& from) {
    return impl_->subscribe_with(w, s, channel, [&](detail::channel& ch, subscribe_result& r) {
        if (!from) {
            return;
        }
        if (from->epoch != ch.epoch() || !ch.reaches_back_to_seq(from->seq)) {
            r.recovered = false;
            return;
        }
        ch.copy_after_seq(from->seq, k_no_limit, r.replay);
    });
}

subscribe_result hub::subscribe_after_message(worker_id w, subscriber* s, std::string_view channel,
                                              std::string_view last_message_id) {
    const auto ref = parse_message_id(last_message_id);
    impl& m = *impl_;
    return m.subscribe_with(w, s, channel, [&](detail::channel& ch, subscribe_result& r) {
        // A global id above the counter was never issued: the id is forged or from another node.
        if (!ref || ref->epoch != m.epoch || ref->global_id > m.last_global.load(std::memory_order_relaxed) ||
            !ch.reaches_back_to_global(ref->global_id)) {
            r.recovered = false;
            return;
        }
        ch.copy_after_global(ref->global_id, k_no_limit, r.replay);
    });
}

bool hub::unsubscribe(worker_id w, subscriber* s, std::string_view channel) {
    impl& m = *impl_;
    auto& fanout = m.on_worker(w).fanout;
    if (!fanout.contains(s, channel)) {
        return false;
    }
    {
        auto& shard = m.channels.shard_for(channel);
        std::lock_guard lock(shard.mutex);
        detail::channel* ch = m.channels.find(shard, channel);
        OC_ASSERT(ch != nullptr && "a channel with a local subscriber is live");
        ch->remove_subscriber(w);
        m.channels.release_if_unused(shard, *ch);
    }
    m.subscriptions.fetch_sub(1, std::memory_order_relaxed);
    // Last: `channel` may view the fanout's copy of the name, which this frees.
    fanout.remove(s, channel);
    return true;
}

void hub::unsubscribe_all(worker_id w, subscriber* s) {
    impl& m = *impl_;
    m.on_worker(w).fanout.remove_all(s, [&](std::string_view channel) {
        auto& shard = m.channels.shard_for(channel);
        std::lock_guard lock(shard.mutex);
        detail::channel* ch = m.channels.find(shard, channel);
        OC_ASSERT(ch != nullptr && "a channel with a local subscriber is live");
        ch->remove_subscriber(w);
        m.channels.release_if_unused(shard, *ch);
        m.subscriptions.fetch_sub(1, std::memory_order_relaxed);
    });
}

// ---- delivery -----------------------------------------------------------------------------------

void hub::drain(worker_id w) {
    worker_state& ws = impl_->on_worker(w);
    ws.inbox.take(ws.batch);
    ws.draining = true;
    // Resets the worker even when deliver() throws; the rest of the batch is then dropped.
    struct reset_on_exit {
        worker_state& ws;
        std::uint64_t delivered = 0;
        ~reset_on_exit() {
            ws.batch.clear();
            ws.draining = false;
            ws.delivered.fetch_add(delivered, std::memory_order_relaxed);
        }
    } guard{ws};

    // With thousands of subscribers, a delivery's memory (the subscriber, its connection) is
    // rarely cached. Deliveries wait in a small ring and are made k_ahead later, their memory
    // prefetched when they enter it, so that the fetches overlap instead of following each other.
    constexpr std::size_t k_ahead = 8;
    struct pending {
        subscriber* target;
        const event_ptr* ev;
    };
    std::array<pending, k_ahead> ring;
    std::size_t entered = 0;
    auto enter = [&](const detail::local_fanout::slot& slot, const event_ptr& ev) {
        __builtin_prefetch(slot.target);
        core::prefetch_lines(slot.memory.start, slot.memory.bytes);
        pending& p = ring[entered % k_ahead];
        if (entered >= k_ahead) {
            p.target->deliver(*p.ev);
            ++guard.delivered;
        }
        p = {slot.target, &ev};
        ++entered;
    };

    // Consecutive events of one channel are common: look the fan-out list up once per run.
    std::string_view cached_channel;
    const std::vector<detail::local_fanout::slot>* slots = nullptr;
    for (const event_ptr& ev : ws.batch) {
        if (slots == nullptr || ev->channel != cached_channel) {
            slots = ws.fanout.find(ev->channel);
            cached_channel = ev->channel;
            if (slots == nullptr) {
                continue;  // every local subscriber left since the event was queued
            }
        }
        for (const auto& slot : *slots) {
            if (ev->global_id > slot.after_global) {
                enter(slot, ev);
            }
        }
    }
    for (std::size_t i = entered > k_ahead ? entered - k_ahead : 0; i < entered; ++i) {
        const pending& p = ring[i % k_ahead];
        p.target->deliver(*p.ev);
        ++guard.delivered;
    }
}

// ---- history ------------------------------------------------------------------------------------

std::vector<event_ptr> hub::history(std::string_view channel, std::uint64_t after_seq,
                                    std::size_t max) const {
    std::vector<event_ptr> out;
    auto& shard = impl_->channels.shard_for(channel);
    std::lock_guard lock(shard.mutex);
    if (const detail::channel* ch = impl_->channels.find(shard, channel)) {
        ch->copy_after_seq(after_seq, max, out);
    }
    return out;
}

std::string hub::channel_epoch(std::string_view channel) const {
    auto& shard = impl_->channels.shard_for(channel);
    std::lock_guard lock(shard.mutex);
    const detail::channel* ch = impl_->channels.find(shard, channel);
    return ch != nullptr ? std::string(ch->epoch()) : std::string();
}

void hub::expire_history() {
    impl& m = *impl_;
    const std::int64_t cutoff = m.age_cutoff_ms(m.now_ms());
    for (auto& shard : m.channels.shards()) {
        std::lock_guard lock(shard.mutex);
        m.channels.for_each_then_release(
            shard, [&](detail::channel& ch) { m.account_evicted(shard, ch.drop_older_than(cutoff)); });
        shard.retention.drop_stale();
        m.channels.note_retention_front(shard);
    }
}

// ---- queries ------------------------------------------------------------------------------------

const std::string& hub::epoch() const noexcept {
    return impl_->epoch;
}

std::size_t hub::subscriber_count(std::string_view channel) const {
    auto& shard = impl_->channels.shard_for(channel);
    std::lock_guard lock(shard.mutex);
    const detail::channel* ch = impl_->channels.find(shard, channel);
    return ch == nullptr ? 0 : ch->subscriber_count();
}

bool hub::is_critical(std::string_view type) const noexcept {
    const auto& critical = impl_->critical;
    const auto it = std::lower_bound(critical.begin(), critical.end(), type,
                                     [](const std::string& a, std::string_view b) { return a < b; });
    return it != critical.end() && *it == type;
}

hub::stats hub::snapshot() const {
    const impl& m = *impl_;
    stats s{};
    s.channels = m.channels.channel_count();
    s.subscriptions = m.subscriptions.load(std::memory_order_relaxed);
    s.history_events = m.history_events.load(std::memory_order_relaxed);
    s.history_bytes = m.history_bytes.load(std::memory_order_relaxed);
    s.published = m.published.load(std::memory_order_relaxed);
    for (const auto& ws : m.worker) {
        s.delivered += ws->delivered.load(std::memory_order_relaxed);
    }
    return s;
}

}  // namespace ordercast::hub
