/*
 * IPC publisher throughput: offers -n messages of -s bytes (each starting
 * with its sequence number) as fast as the publication takes them,
 * busy-spinning on back pressure, and reports messages/s from the first
 * offer to the last accepted one.
 */
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static bool pub_connected(void *arg)
{
    return aeron_publication_is_connected((aeron_publication_t *)arg);
}

static bool xpub_connected(void *arg)
{
    return aeron_exclusive_publication_is_connected((aeron_exclusive_publication_t *)arg);
}

int main(int argc, char **argv)
{
    bench_opts_t opts;
    bench_t b;
    bench_parse(argc, argv, &opts, "IPC publisher throughput");
    if (opts.size < sizeof(int64_t))
    {
        fprintf(stderr, "message size must be at least 8\n");
        return 2;
    }
    bench_start(&b, &opts);

    aeron_publication_t *pub = NULL;
    aeron_exclusive_publication_t *xpub = NULL;
    if (opts.exclusive)
    {
        xpub = bench_add_exclusive_publication(&b, opts.channel, opts.stream_id);
    }
    else
    {
        pub = bench_add_publication(&b, opts.channel, opts.stream_id);
    }
    if (!bench_await(opts.exclusive ? xpub_connected : pub_connected, opts.exclusive ? (void *)xpub : (void *)pub, 10000))
    {
        fprintf(stderr, "no subscriber connected\n");
        return 1;
    }

    uint8_t *msg = calloc(1, opts.size);
    uint64_t back_pressured = 0, sent = 0;
    const int64_t deadline = aeron_nano_clock() + (int64_t)(opts.duration * 1e9);
    const int64_t start = aeron_nano_clock();
    int64_t end = start;
    while (sent < opts.count)
    {
        memcpy(msg, &sent, sizeof(sent));
        int64_t result = opts.exclusive ?
            aeron_exclusive_publication_offer(xpub, msg, opts.size, NULL, NULL) :
            aeron_publication_offer(pub, msg, opts.size, NULL, NULL);
        if (result > 0)
        {
            sent++;
            continue;
        }
        if (AERON_PUBLICATION_BACK_PRESSURED != result && AERON_PUBLICATION_ADMIN_ACTION != result)
        {
            fprintf(stderr, "offer failed: %" PRId64 "\n", result);
            return 1;
        }
        back_pressured++;
        if ((back_pressured & 0xFFF) == 0 && aeron_nano_clock() > deadline)
        {
            break;
        }
    }
    end = aeron_nano_clock();

    double secs = (double)(end - start) / 1e9;
    printf(
        "RESULT impl=c role=pub size=%" PRIu64 " msgs=%" PRIu64 " secs=%.4f msgs_per_sec=%.0f mb_per_sec=%.1f back_pressured=%" PRIu64 "\n",
        opts.size, sent, secs, (double)sent / secs, (double)sent * (double)opts.size / secs / 1e6, back_pressured);
    fflush(stdout);
    free(msg);
    bench_stop(&b);
    return 0;
}
