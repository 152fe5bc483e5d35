/*
 * Shared set-up of the raw C baseline programs: options, the embedded C media
 * driver, the client, publications and subscriptions, and result lines.
 * Every program prints one machine-readable line starting with "RESULT".
 */
#ifndef AERONGO_BENCH_COMMON_H
#define AERONGO_BENCH_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aeronc.h"
#include "aeronmd.h"

typedef struct bench_opts_stct
{
    const char *dir;          /* -d aeron directory (required) */
    bool embed_driver;        /* -e start the C media driver in this process */
    const char *threading;    /* -t dedicated | shared | sharednetwork */
    const char *idle;         /* -I driver idle strategy (backoff, busy_spin, yield, noop, sleeping) */
    uint64_t term_length;     /* -T IPC term length */
    uint64_t size;            /* -s message size */
    uint64_t count;           /* -n messages (measured) */
    uint64_t warmup;          /* -w warm-up messages (ping, pong) */
    double duration;          /* -D stop after this many seconds */
    int fragment_limit;       /* -f fragments per poll */
    bool exclusive;           /* -x exclusive publication (throughput publisher) */
    const char *channel;      /* -c channel */
    int32_t stream_id;        /* -i stream id (ping: pong stream is stream_id + 1) */
    bool pre_touch;           /* -p map log buffers with their pages populated */
}
bench_opts_t;

typedef struct bench_stct
{
    aeron_driver_context_t *driver_context;
    aeron_driver_t *driver;
    aeron_context_t *context;
    aeron_t *aeron;
}
bench_t;

void bench_usage(const char *prog, const char *what);
void bench_parse(int argc, char **argv, bench_opts_t *opts, const char *what);

/* starts the embedded driver if asked for, then the client */
int bench_start(bench_t *b, const bench_opts_t *opts);
void bench_stop(bench_t *b);

aeron_publication_t *bench_add_publication(bench_t *b, const char *channel, int32_t stream_id);
aeron_exclusive_publication_t *bench_add_exclusive_publication(bench_t *b, const char *channel, int32_t stream_id);
aeron_subscription_t *bench_add_subscription(bench_t *b, const char *channel, int32_t stream_id);

/* spins until cond(arg) holds or timeout_ms passes; returns false on timeout */
bool bench_await(bool (*cond)(void *), void *arg, int64_t timeout_ms);

void bench_fail(const char *what);

#endif
