#include "tally/http/events.hpp"

#include <gtest/gtest.h>

namespace tally::http {
namespace {

TEST(EventHub, ASubscriberSeesOnlyEventsPublishedAfterItSubscribed) {
    EventHub hub;
    hub.publish("change", R"({"n":1})");
    auto stream = hub.subscribe();
    EXPECT_EQ(stream->poll(), "");

    hub.publish("change", R"({"n":2})");

    EXPECT_EQ(stream->poll(), "id: 2\nevent: change\ndata: {\"n\":2}\n\n");
    EXPECT_EQ(stream->poll(), "");
}

TEST(EventHub, AReconnectingClientResumesAfterItsLastEventId) {
    EventHub hub;
    hub.publish("change", "1");
    hub.publish("change", "2");
    hub.publish("change", "3");

    auto stream = hub.subscribe(1);

    EXPECT_EQ(stream->poll(), "id: 2\nevent: change\ndata: 2\n\nid: 3\nevent: change\ndata: 3\n\n");
}

TEST(EventHub, AReaderThatFellBehindTheBufferGetsWhatIsLeft) {
    EventHub hub(2);
    auto stream = hub.subscribe();
    hub.publish("change", "1");
    hub.publish("change", "2");
    hub.publish("change", "3");

    EXPECT_EQ(stream->poll(), "id: 2\nevent: change\ndata: 2\n\nid: 3\nevent: change\ndata: 3\n\n");
}

TEST(EventHub, ALastEventIdNoLongerHeldStartsFromNow) {
    EventHub hub(2);
    for (int i = 1; i <= 5; ++i) {
        hub.publish("change", std::to_string(i));
    }

    auto stream = hub.subscribe(1);
    EXPECT_EQ(stream->poll(), "");
    hub.publish("change", "6");

    EXPECT_EQ(stream->poll(), "id: 6\nevent: change\ndata: 6\n\n");
}

}  // namespace
}  // namespace tally::http
