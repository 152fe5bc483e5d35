#include <stddef.h>
#include <string.h>

#include "aeronc.h"
#include "aeron_publication.h"
#include "aeron_exclusive_publication.h"
#include "aeron_subscription.h"
#include "aeron_image.h"
#include "aeron_log_buffer.h"

#include <pthread.h>
#include <stdlib.h>

#include "aeron_fragment_assembler.h"
#include "logbuffer_views.h"

static void aerongo_lb_fill_log(aeron_log_buffer_t *log_buffer, aerongo_lb_log_view_t *v)
{
    aeron_mapped_raw_log_t *raw = &log_buffer->mapped_raw_log;
    for (int i = 0; i < AERON_LOGBUFFER_PARTITION_COUNT; i++)
    {
        v->terms[i] = raw->term_buffers[i].addr;
    }
    v->meta = raw->log_meta_data.addr;
    v->term_length = (int64_t)raw->term_length;
}

void aerongo_lb_publication_view(struct aeron_publication_stct *p, aerongo_lb_log_view_t *v)
{
    aerongo_lb_fill_log(p->log_buffer, v);
    v->position = p->position_limit;
    v->closed = &p->is_closed;
    v->session_id = p->session_id;
    v->stream_id = p->stream_id;
}

void aerongo_lb_exclusive_publication_view(struct aeron_exclusive_publication_stct *p, aerongo_lb_log_view_t *v)
{
    aerongo_lb_fill_log(p->log_buffer, v);
    v->position = p->position_limit;
    v->closed = &p->is_closed;
    v->session_id = p->session_id;
    v->stream_id = p->stream_id;
}

void aerongo_lb_image_view(struct aeron_image_stct *image, aerongo_lb_log_view_t *v)
{
    aerongo_lb_fill_log(image->log_buffer, v);
    v->position = image->subscriber_position;
    v->closed = &image->is_closed;
    v->session_id = image->session_id;
    memcpy(&v->stream_id, image->metadata->default_header + offsetof(aeron_data_header_t, stream_id), sizeof(int32_t));
}

void *volatile *aerongo_lb_subscription_image_list_head(struct aeron_subscription_stct *s)
{
    return (void *volatile *)&s->conductor_fields.image_lists_head.next_list;
}

volatile int64_t *aerongo_lb_subscription_last_change_number(struct aeron_subscription_stct *s)
{
    return &s->last_image_list_change_number;
}

volatile void *aerongo_lb_subscription_closed(struct aeron_subscription_stct *s)
{
    return &s->is_closed;
}

void aerongo_lb_image_list_layout(aerongo_lb_image_list_layout_t *layout)
{
    layout->change_number_offset = offsetof(aeron_image_list_t, change_number);
    layout->length_offset = offsetof(aeron_image_list_t, length);
    layout->array_offset = offsetof(aeron_image_list_t, array);
}

typedef struct aerongo_lb_bench_pub_stct
{
    aeron_publication_t *pub;
    size_t size;
    int64_t n;
}
aerongo_lb_bench_pub_t;

static void *aerongo_lb_bench_publisher(void *arg)
{
    aerongo_lb_bench_pub_t *bp = (aerongo_lb_bench_pub_t *)arg;
    uint8_t *msg = calloc(1, bp->size);
    for (int64_t sent = 0; sent < bp->n;)
    {
        if (aeron_publication_offer(bp->pub, msg, bp->size, NULL, NULL) > 0)
        {
            sent++;
        }
    }
    free(msg);
    return NULL;
}

static void aerongo_lb_bench_count(void *clientd, const uint8_t *buffer, size_t length, aeron_header_t *header)
{
    (*(int64_t *)clientd) += 1;
}

int64_t aerongo_lb_bench_c_ipc(
    struct aeron_publication_stct *pub, struct aeron_subscription_stct *sub, size_t size, int64_t n, int fragment_limit)
{
    int64_t received = 0;
    aeron_fragment_assembler_t *assembler = NULL;
    if (aeron_fragment_assembler_create(&assembler, aerongo_lb_bench_count, &received) < 0)
    {
        return -1;
    }
    aerongo_lb_bench_pub_t bp = { pub, size, n };
    pthread_t thread;
    int64_t start = aeron_nano_clock();
    if (pthread_create(&thread, NULL, aerongo_lb_bench_publisher, &bp) != 0)
    {
        aeron_fragment_assembler_delete(assembler);
        return -1;
    }
    while (received < n)
    {
        aeron_subscription_poll(sub, aeron_fragment_assembler_handler, assembler, (size_t)fragment_limit);
    }
    pthread_join(thread, NULL);
    int64_t elapsed = aeron_nano_clock() - start;
    aeron_fragment_assembler_delete(assembler);
    return elapsed;
}

typedef struct aerongo_lb_pong_stct
{
    aeron_exclusive_publication_t *pub;
    aeron_subscription_t *sub;
    int64_t total;
    int64_t echoed;
}
aerongo_lb_pong_t;

static void aerongo_lb_pong_echo(void *clientd, const uint8_t *buffer, size_t length, aeron_header_t *header)
{
    aerongo_lb_pong_t *pong = (aerongo_lb_pong_t *)clientd;
    aeron_buffer_claim_t claim;
    while (aeron_exclusive_publication_try_claim(pong->pub, length, &claim) < 0)
    {
    }
    memcpy(claim.data, buffer, length);
    aeron_buffer_claim_commit(&claim);
    pong->echoed++;
}

static void *aerongo_lb_pong_thread(void *arg)
{
    aerongo_lb_pong_t *pong = (aerongo_lb_pong_t *)arg;
    aeron_fragment_assembler_t *assembler = NULL;
    if (aeron_fragment_assembler_create(&assembler, aerongo_lb_pong_echo, pong) < 0)
    {
        return NULL;
    }
    while (pong->echoed < pong->total)
    {
        aeron_subscription_poll(pong->sub, aeron_fragment_assembler_handler, assembler, 10);
    }
    aeron_fragment_assembler_delete(assembler);
    return NULL;
}

typedef struct aerongo_lb_ping_stct
{
    int64_t received;
    int64_t last_rtt;
}
aerongo_lb_ping_t;

static void aerongo_lb_ping_receive(void *clientd, const uint8_t *buffer, size_t length, aeron_header_t *header)
{
    aerongo_lb_ping_t *ping = (aerongo_lb_ping_t *)clientd;
    int64_t sent;
    memcpy(&sent, buffer, sizeof(sent));
    ping->last_rtt = aeron_nano_clock() - sent;
    ping->received++;
}

int aerongo_lb_bench_c_pingpong(
    struct aeron_exclusive_publication_stct *ping_pub, struct aeron_subscription_stct *ping_sub,
    struct aeron_exclusive_publication_stct *pong_pub, struct aeron_subscription_stct *pong_sub,
    size_t size, int64_t warmup, int64_t n, int64_t *samples)
{
    if (size < sizeof(int64_t))
    {
        return -1;
    }
    aerongo_lb_pong_t pong = { pong_pub, ping_sub, warmup + n, 0 };
    aerongo_lb_ping_t ping = { 0, 0 };
    aeron_fragment_assembler_t *assembler = NULL;
    uint8_t *msg = calloc(1, size);
    pthread_t thread;
    if (NULL == msg || aeron_fragment_assembler_create(&assembler, aerongo_lb_ping_receive, &ping) < 0)
    {
        free(msg);
        return -1;
    }
    if (pthread_create(&thread, NULL, aerongo_lb_pong_thread, &pong) != 0)
    {
        aeron_fragment_assembler_delete(assembler);
        free(msg);
        return -1;
    }
    for (int64_t i = 0; i < warmup + n; i++)
    {
        int64_t now;
        do
        {
            now = aeron_nano_clock();
            memcpy(msg, &now, sizeof(now));
        }
        while (aeron_exclusive_publication_offer(ping_pub, msg, size, NULL, NULL) < 0);
        while (ping.received <= i)
        {
            aeron_subscription_poll(pong_sub, aeron_fragment_assembler_handler, assembler, 10);
        }
        if (i >= warmup)
        {
            samples[i - warmup] = ping.last_rtt;
        }
    }
    pthread_join(thread, NULL);
    aeron_fragment_assembler_delete(assembler);
    free(msg);
    return 0;
}
