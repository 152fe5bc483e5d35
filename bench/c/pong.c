/*
 * IPC pong: echoes every message from stream -i back on stream -i+1 over an
 * exclusive publication with try-claim, until -w + -n messages were echoed
 * or -D seconds passed. Run with -e it hosts the embedded driver that the
 * ping connects to.
 */
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

typedef struct pong_state_stct
{
    aeron_exclusive_publication_t *pub;
    uint64_t echoed;
}
pong_state_t;

static void on_ping(void *clientd, const uint8_t *buffer, size_t length, aeron_header_t *header)
{
    pong_state_t *st = (pong_state_t *)clientd;
    aeron_buffer_claim_t claim;
    while (aeron_exclusive_publication_try_claim(st->pub, length, &claim) < 0)
    {
    }
    memcpy(claim.data, buffer, length);
    aeron_buffer_claim_commit(&claim);
    st->echoed++;
}

static bool has_image(void *arg)
{
    return aeron_subscription_image_count((aeron_subscription_t *)arg) > 0;
}

int main(int argc, char **argv)
{
    bench_opts_t opts;
    bench_t b;
    bench_parse(argc, argv, &opts, "IPC pong (echo)");
    bench_start(&b, &opts);
    aeron_subscription_t *sub = bench_add_subscription(&b, opts.channel, opts.stream_id);
    pong_state_t st = { bench_add_exclusive_publication(&b, opts.channel, opts.stream_id + 1), 0 };
    printf("READY\n");
    fflush(stdout);
    if (!bench_await(has_image, sub, 20000))
    {
        fprintf(stderr, "ping not connected\n");
        return 1;
    }
    aeron_fragment_assembler_t *assembler = NULL;
    if (aeron_fragment_assembler_create(&assembler, on_ping, &st) < 0)
    {
        bench_fail("aeron_fragment_assembler_create");
    }
    const uint64_t total = opts.warmup + opts.count;
    const int64_t deadline = aeron_nano_clock() + (int64_t)(opts.duration * 1e9);
    uint64_t idle = 0;
    while (st.echoed < total)
    {
        if (aeron_subscription_poll(sub, aeron_fragment_assembler_handler, assembler, (size_t)opts.fragment_limit) == 0 &&
            (++idle & 0xFFFFF) == 0 && aeron_nano_clock() > deadline)
        {
            break;
        }
    }
    printf("RESULT impl=c role=pong size=%" PRIu64 " msgs=%" PRIu64 "\n", opts.size, st.echoed);
    fflush(stdout);
    aeron_fragment_assembler_delete(assembler);
    bench_stop(&b);
    return st.echoed == total ? 0 : 1;
}
