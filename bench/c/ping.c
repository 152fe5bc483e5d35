/*
 * IPC ping: sends -w warm-up then -n measured pings of -s bytes on stream
 * -i (carrying a send timestamp) over an exclusive publication, waits for
 * each echo on stream -i+1, records every round trip and prints the
 * percentiles computed from the sorted samples.
 */
#include <inttypes.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

typedef struct ping_state_stct
{
    uint64_t received;
    int64_t *samples;
    uint64_t recorded;
    uint64_t capacity;
    bool recording;
}
ping_state_t;

static void on_pong(void *clientd, const uint8_t *buffer, size_t length, aeron_header_t *header)
{
    ping_state_t *st = (ping_state_t *)clientd;
    int64_t now = aeron_nano_clock();
    int64_t sent;
    memcpy(&sent, buffer, sizeof(sent));
    if (st->recording && st->recorded < st->capacity)
    {
        st->samples[st->recorded++] = now - sent;
    }
    st->received++;
}

static bool connected(void *arg)
{
    return aeron_exclusive_publication_is_connected((aeron_exclusive_publication_t *)arg);
}

static bool has_image(void *arg)
{
    return aeron_subscription_image_count((aeron_subscription_t *)arg) > 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int64_t percentile(const int64_t *sorted, uint64_t n, double p)
{
    /* nearest rank; the epsilon keeps 99.9% of 1000 at rank 999 although 99.9 / 100 is not exact */
    uint64_t rank = (uint64_t)ceil(p * (double)n / 100.0 - 1e-9);
    if (rank < 1)
    {
        rank = 1;
    }
    return sorted[rank - 1];
}

static void run(
    aeron_exclusive_publication_t *pub, aeron_subscription_t *sub, aeron_fragment_assembler_t *assembler,
    ping_state_t *st, uint8_t *msg, size_t size, uint64_t count, int fragment_limit)
{
    for (uint64_t i = 0; i < count; i++)
    {
        int64_t now;
        do
        {
            now = aeron_nano_clock();
            memcpy(msg, &now, sizeof(now));
        }
        while (aeron_exclusive_publication_offer(pub, msg, size, NULL, NULL) < 0);
        uint64_t want = st->received + 1;
        while (st->received < want)
        {
            aeron_subscription_poll(sub, aeron_fragment_assembler_handler, assembler, (size_t)fragment_limit);
        }
    }
}

int main(int argc, char **argv)
{
    bench_opts_t opts;
    bench_t b;
    bench_parse(argc, argv, &opts, "IPC ping (round-trip time)");
    if (opts.size < sizeof(int64_t))
    {
        fprintf(stderr, "message size must be at least 8\n");
        return 2;
    }
    bench_start(&b, &opts);
    aeron_subscription_t *sub = bench_add_subscription(&b, opts.channel, opts.stream_id + 1);
    aeron_exclusive_publication_t *pub = bench_add_exclusive_publication(&b, opts.channel, opts.stream_id);
    if (!bench_await(connected, pub, 20000) || !bench_await(has_image, sub, 20000))
    {
        fprintf(stderr, "pong not connected\n");
        return 1;
    }

    ping_state_t st = { 0, calloc(opts.count, sizeof(int64_t)), 0, opts.count, false };
    aeron_fragment_assembler_t *assembler = NULL;
    if (NULL == st.samples || aeron_fragment_assembler_create(&assembler, on_pong, &st) < 0)
    {
        bench_fail("allocate");
    }
    uint8_t *msg = calloc(1, opts.size);
    run(pub, sub, assembler, &st, msg, opts.size, opts.warmup, opts.fragment_limit);
    st.recording = true;
    run(pub, sub, assembler, &st, msg, opts.size, opts.count, opts.fragment_limit);

    qsort(st.samples, st.recorded, sizeof(int64_t), cmp_i64);
    double sum = 0;
    for (uint64_t i = 0; i < st.recorded; i++)
    {
        sum += (double)st.samples[i];
    }
    printf(
        "RESULT impl=c role=ping size=%" PRIu64 " msgs=%" PRIu64 " p50_ns=%" PRId64 " p90_ns=%" PRId64
        " p99_ns=%" PRId64 " p999_ns=%" PRId64 " max_ns=%" PRId64 " mean_ns=%.0f\n",
        opts.size, st.recorded,
        percentile(st.samples, st.recorded, 50), percentile(st.samples, st.recorded, 90),
        percentile(st.samples, st.recorded, 99), percentile(st.samples, st.recorded, 99.9),
        st.samples[st.recorded - 1], sum / (double)st.recorded);
    fflush(stdout);
    aeron_fragment_assembler_delete(assembler);
    free(st.samples);
    free(msg);
    bench_stop(&b);
    return 0;
}
