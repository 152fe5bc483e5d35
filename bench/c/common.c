#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"

void bench_usage(const char *prog, const char *what)
{
    fprintf(
        stderr,
        "%s: %s\n"
        "usage: %s -d dir [-e] [-t dedicated|shared|sharednetwork] [-I idle] [-T term-length]\n"
        "          [-s size] [-n count] [-w warmup] [-D seconds] [-f fragment-limit] [-x] [-c channel] [-i stream-id] [-p]\n",
        prog, what, prog);
}

static uint64_t bench_parse_size(const char *s)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno != 0 || end == s)
    {
        fprintf(stderr, "bad number: %s\n", s);
        exit(2);
    }
    switch (*end)
    {
        case 'k': case 'K': v *= 1024ULL; break;
        case 'm': case 'M': v *= 1024ULL * 1024ULL; break;
        case 'g': case 'G': v *= 1024ULL * 1024ULL * 1024ULL; break;
        case '\0': break;
        default:
            fprintf(stderr, "bad number: %s\n", s);
            exit(2);
    }
    return (uint64_t)v;
}

void bench_parse(int argc, char **argv, bench_opts_t *opts, const char *what)
{
    opts->dir = NULL;
    opts->embed_driver = false;
    opts->threading = "shared";
    opts->idle = NULL;
    opts->term_length = 16 * 1024 * 1024;
    opts->size = 32;
    opts->count = 10 * 1000 * 1000;
    opts->warmup = 10000;
    opts->duration = 30.0;
    opts->fragment_limit = 20;
    opts->exclusive = false;
    opts->channel = "aeron:ipc";
    opts->stream_id = 1001;
    opts->pre_touch = false;

    int opt;
    while ((opt = getopt(argc, argv, "d:et:I:T:s:n:w:D:f:xc:i:ph")) != -1)
    {
        switch (opt)
        {
            case 'd': opts->dir = optarg; break;
            case 'e': opts->embed_driver = true; break;
            case 't': opts->threading = optarg; break;
            case 'I': opts->idle = optarg; break;
            case 'T': opts->term_length = bench_parse_size(optarg); break;
            case 's': opts->size = bench_parse_size(optarg); break;
            case 'n': opts->count = bench_parse_size(optarg); break;
            case 'w': opts->warmup = bench_parse_size(optarg); break;
            case 'D': opts->duration = strtod(optarg, NULL); break;
            case 'f': opts->fragment_limit = (int)bench_parse_size(optarg); break;
            case 'x': opts->exclusive = true; break;
            case 'c': opts->channel = optarg; break;
            case 'i': opts->stream_id = (int32_t)bench_parse_size(optarg); break;
            case 'p': opts->pre_touch = true; break;
            default:
                bench_usage(argv[0], what);
                exit(2);
        }
    }
    if (NULL == opts->dir)
    {
        bench_usage(argv[0], what);
        exit(2);
    }
}

void bench_fail(const char *what)
{
    fprintf(stderr, "%s: %s\n", what, aeron_errmsg());
    exit(1);
}

static int bench_start_driver(bench_t *b, const bench_opts_t *opts)
{
    aeron_threading_mode_t mode;
    if (0 == strcmp(opts->threading, "dedicated"))
    {
        mode = AERON_THREADING_MODE_DEDICATED;
    }
    else if (0 == strcmp(opts->threading, "sharednetwork"))
    {
        mode = AERON_THREADING_MODE_SHARED_NETWORK;
    }
    else if (0 == strcmp(opts->threading, "shared"))
    {
        mode = AERON_THREADING_MODE_SHARED;
    }
    else
    {
        fprintf(stderr, "unknown threading mode %s\n", opts->threading);
        return -1;
    }

    if (aeron_driver_context_init(&b->driver_context) < 0 ||
        aeron_driver_context_set_dir(b->driver_context, opts->dir) < 0 ||
        aeron_driver_context_set_dir_delete_on_start(b->driver_context, true) < 0 ||
        aeron_driver_context_set_dir_delete_on_shutdown(b->driver_context, true) < 0 ||
        aeron_driver_context_set_threading_mode(b->driver_context, mode) < 0 ||
        aeron_driver_context_set_ipc_term_buffer_length(b->driver_context, (size_t)opts->term_length) < 0)
    {
        return -1;
    }
    if (NULL != opts->idle)
    {
        if (aeron_driver_context_set_conductor_idle_strategy(b->driver_context, opts->idle) < 0 ||
            aeron_driver_context_set_shared_idle_strategy(b->driver_context, opts->idle) < 0 ||
            aeron_driver_context_set_sharednetwork_idle_strategy(b->driver_context, opts->idle) < 0 ||
            aeron_driver_context_set_sender_idle_strategy(b->driver_context, opts->idle) < 0 ||
            aeron_driver_context_set_receiver_idle_strategy(b->driver_context, opts->idle) < 0)
        {
            return -1;
        }
    }
    if (aeron_driver_init(&b->driver, b->driver_context) < 0 || aeron_driver_start(b->driver, false) < 0)
    {
        return -1;
    }
    return 0;
}

int bench_start(bench_t *b, const bench_opts_t *opts)
{
    memset(b, 0, sizeof(*b));
    if (opts->embed_driver && bench_start_driver(b, opts) < 0)
    {
        bench_fail("start embedded driver");
    }
    if (aeron_context_init(&b->context) < 0 ||
        aeron_context_set_dir(b->context, opts->dir) < 0 ||
        aeron_context_set_driver_timeout_ms(b->context, 10000) < 0 ||
        (opts->pre_touch && aeron_context_set_pre_touch_mapped_memory(b->context, true) < 0) ||
        aeron_init(&b->aeron, b->context) < 0 ||
        aeron_start(b->aeron) < 0)
    {
        bench_fail("start client");
    }
    return 0;
}

void bench_stop(bench_t *b)
{
    if (NULL != b->aeron)
    {
        aeron_close(b->aeron);
    }
    if (NULL != b->context)
    {
        aeron_context_close(b->context);
    }
    if (NULL != b->driver)
    {
        aeron_driver_close(b->driver);
    }
    if (NULL != b->driver_context)
    {
        aeron_driver_context_close(b->driver_context);
    }
}

aeron_publication_t *bench_add_publication(bench_t *b, const char *channel, int32_t stream_id)
{
    aeron_async_add_publication_t *async = NULL;
    aeron_publication_t *pub = NULL;
    if (aeron_async_add_publication(&async, b->aeron, channel, stream_id) < 0)
    {
        bench_fail("aeron_async_add_publication");
    }
    while (NULL == pub)
    {
        if (aeron_async_add_publication_poll(&pub, async) < 0)
        {
            bench_fail("aeron_async_add_publication_poll");
        }
        sched_yield();
    }
    return pub;
}

aeron_exclusive_publication_t *bench_add_exclusive_publication(bench_t *b, const char *channel, int32_t stream_id)
{
    aeron_async_add_exclusive_publication_t *async = NULL;
    aeron_exclusive_publication_t *pub = NULL;
    if (aeron_async_add_exclusive_publication(&async, b->aeron, channel, stream_id) < 0)
    {
        bench_fail("aeron_async_add_exclusive_publication");
    }
    while (NULL == pub)
    {
        if (aeron_async_add_exclusive_publication_poll(&pub, async) < 0)
        {
            bench_fail("aeron_async_add_exclusive_publication_poll");
        }
        sched_yield();
    }
    return pub;
}

aeron_subscription_t *bench_add_subscription(bench_t *b, const char *channel, int32_t stream_id)
{
    aeron_async_add_subscription_t *async = NULL;
    aeron_subscription_t *sub = NULL;
    if (aeron_async_add_subscription(&async, b->aeron, channel, stream_id, NULL, NULL, NULL, NULL) < 0)
    {
        bench_fail("aeron_async_add_subscription");
    }
    while (NULL == sub)
    {
        if (aeron_async_add_subscription_poll(&sub, async) < 0)
        {
            bench_fail("aeron_async_add_subscription_poll");
        }
        sched_yield();
    }
    return sub;
}

bool bench_await(bool (*cond)(void *), void *arg, int64_t timeout_ms)
{
    int64_t deadline = aeron_nano_clock() + timeout_ms * 1000000LL;
    while (!cond(arg))
    {
        if (aeron_nano_clock() > deadline)
        {
            return false;
        }
        sched_yield();
    }
    return true;
}
