/*
 * IPC subscriber throughput: polls (through a fragment assembler, as a
 * subscriber that takes whole messages does) until -n messages arrived,
 * checks that every sequence number arrives once and in order, and reports
 * messages/s from the first message to the last. Run with -e it hosts the
 * embedded driver that the publisher connects to.
 */
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

typedef struct sub_state_stct
{
    uint64_t received;
    uint64_t bytes;
    uint64_t errors;
    int64_t first_ns;
}
sub_state_t;

static void on_message(void *clientd, const uint8_t *buffer, size_t length, aeron_header_t *header)
{
    sub_state_t *st = (sub_state_t *)clientd;
    uint64_t seq;
    memcpy(&seq, buffer, sizeof(seq));
    if (seq != st->received)
    {
        st->errors++;
    }
    if (0 == st->received)
    {
        st->first_ns = aeron_nano_clock();
    }
    st->received++;
    st->bytes += length;
}

static bool has_image(void *arg)
{
    return aeron_subscription_image_count((aeron_subscription_t *)arg) > 0;
}

int main(int argc, char **argv)
{
    bench_opts_t opts;
    bench_t b;
    bench_parse(argc, argv, &opts, "IPC subscriber throughput");
    bench_start(&b, &opts);
    aeron_subscription_t *sub = bench_add_subscription(&b, opts.channel, opts.stream_id);
    printf("READY\n");
    fflush(stdout);
    if (!bench_await(has_image, sub, 20000))
    {
        fprintf(stderr, "no publisher connected\n");
        return 1;
    }

    sub_state_t st = { 0, 0, 0, 0 };
    aeron_fragment_assembler_t *assembler = NULL;
    if (aeron_fragment_assembler_create(&assembler, on_message, &st) < 0)
    {
        bench_fail("aeron_fragment_assembler_create");
    }
    const int64_t deadline = aeron_nano_clock() + (int64_t)(opts.duration * 1e9);
    int64_t last_ns = 0;
    uint64_t idle = 0;
    while (st.received < opts.count)
    {
        int n = aeron_subscription_poll(sub, aeron_fragment_assembler_handler, assembler, (size_t)opts.fragment_limit);
        if (n > 0)
        {
            last_ns = aeron_nano_clock();
            continue;
        }
        if ((++idle & 0xFFFF) == 0)
        {
            int64_t now = aeron_nano_clock();
            if (now > deadline || (st.received > 0 && now - last_ns > 2000000000LL) ||
                aeron_subscription_image_count(sub) == 0)
            {
                break;
            }
        }
    }
    if (st.received > 0 && last_ns == 0)
    {
        last_ns = aeron_nano_clock();
    }
    double secs = (double)(last_ns - st.first_ns) / 1e9;
    printf(
        "RESULT impl=c role=sub size=%" PRIu64 " msgs=%" PRIu64 " secs=%.4f msgs_per_sec=%.0f mb_per_sec=%.1f errors=%" PRIu64 "\n",
        opts.size, st.received, secs, (double)st.received / secs, (double)st.bytes / secs / 1e6, st.errors);
    fflush(stdout);
    aeron_fragment_assembler_delete(assembler);
    bench_stop(&b);
    return st.errors == 0 && st.received == opts.count ? 0 : 1;
}
