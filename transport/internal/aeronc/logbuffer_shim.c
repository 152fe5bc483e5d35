#include <stdlib.h>
#include <string.h>
#include <stddef.h>

#include "aeronc.h"
#include "aeron_publication.h"
#include "aeron_exclusive_publication.h"
#include "aeron_subscription.h"
#include "aeron_image.h"
#include "aeron_log_buffer.h"
#include "aeron_fragment_assembler.h"
#include "concurrent/aeron_logbuffer_descriptor.h"

#include "logbuffer_shim.h"

struct aerongo_lb_stct
{
    aeron_image_controlled_fragment_assembler_t *controlled_assembler;
    uint8_t *mem;
    size_t mem_length;
    int32_t term_length;
    int32_t initial_term_id;
    aeron_log_buffer_t *log_buffer;
    int64_t *counters; /* [0] publication limit, [8] subscriber position (own cache lines) */
    aeron_publication_t *pub;
    aeron_exclusive_publication_t *xpub;
    aeron_subscription_t *sub;
    aeron_image_t *image;
    aeron_image_fragment_assembler_t *assembler;
};

static void aerongo_lb_init_tails(aerongo_lb_t *lb, int32_t term_id, int32_t term_offset)
{
    /* as aeron_ipc_publication_create does for a publication with a position */
    aeron_logbuffer_metadata_t *md = (aeron_logbuffer_metadata_t *)lb->log_buffer->mapped_raw_log.log_meta_data.addr;
    int32_t term_count = aeron_logbuffer_compute_term_count(term_id, lb->initial_term_id);
    size_t index = aeron_logbuffer_index_by_term_count(term_count);
    md->term_tail_counters[index] = (term_id * (INT64_C(1) << 32)) | (int64_t)term_offset;
    for (int i = 1; i < AERON_LOGBUFFER_PARTITION_COUNT; i++)
    {
        int32_t expected_term_id = (term_id + i) - AERON_LOGBUFFER_PARTITION_COUNT;
        index = (index + 1) % AERON_LOGBUFFER_PARTITION_COUNT;
        md->term_tail_counters[index] = expected_term_id * (INT64_C(1) << 32);
    }
    md->active_term_count = term_count;
}

static int aerongo_lb_create_publication(aerongo_lb_t *lb, int32_t session_id, int32_t stream_id, int exclusive)
{
    char *channel = strdup("aeron:ipc");
    if (exclusive)
    {
        return aeron_exclusive_publication_create(
            &lb->xpub, NULL, channel, stream_id, session_id, 0, &lb->counters[0], 0, NULL, lb->log_buffer, 1, 1);
    }
    return aeron_publication_create(
        &lb->pub, NULL, channel, stream_id, session_id, 0, &lb->counters[0], 0, NULL, lb->log_buffer, 1, 1);
}

aerongo_lb_t *aerongo_lb_new(
    int32_t term_length, int32_t page_size, int32_t mtu, int32_t initial_term_id,
    int32_t session_id, int32_t stream_id, int64_t correlation_id, int exclusive)
{
    aerongo_lb_t *lb = calloc(1, sizeof(aerongo_lb_t));
    if (NULL == lb)
    {
        return NULL;
    }
    lb->term_length = term_length;
    lb->initial_term_id = initial_term_id;
    lb->mem_length = aeron_logbuffer_compute_log_length((uint64_t)term_length, (uint64_t)page_size);
    lb->mem = aligned_alloc((size_t)page_size, lb->mem_length);
    lb->counters = aligned_alloc(64, 128);
    lb->log_buffer = calloc(1, sizeof(aeron_log_buffer_t));
    lb->sub = calloc(1, sizeof(aeron_subscription_t));
    if (NULL == lb->mem || NULL == lb->counters || NULL == lb->log_buffer || NULL == lb->sub)
    {
        aerongo_lb_free(lb);
        return NULL;
    }
    memset(lb->mem, 0, lb->mem_length);
    memset(lb->counters, 0, 128);
    lb->counters[0] = INT64_MAX >> 1;

    aeron_mapped_raw_log_t *raw = &lb->log_buffer->mapped_raw_log;
    for (int i = 0; i < AERON_LOGBUFFER_PARTITION_COUNT; i++)
    {
        raw->term_buffers[i].addr = lb->mem + (size_t)i * (size_t)term_length;
        raw->term_buffers[i].length = (size_t)term_length;
    }
    raw->log_meta_data.addr = lb->mem + (lb->mem_length - AERON_LOGBUFFER_META_DATA_LENGTH);
    raw->log_meta_data.length = AERON_LOGBUFFER_META_DATA_LENGTH;
    raw->mapped_file.addr = lb->mem;
    raw->mapped_file.length = lb->mem_length;
    raw->term_length = (size_t)term_length;
    lb->log_buffer->correlation_id = correlation_id;
    lb->log_buffer->refcnt = 1;

    aeron_logbuffer_metadata_init(
        raw->log_meta_data.addr,
        INT64_MAX, 0, 0, correlation_id, initial_term_id, mtu, term_length, page_size,
        0, 0, 0, 0, 0, 0, 0, 0, 0,
        session_id, stream_id,
        0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0,
        exclusive ? AERON_LOGBUFFER_TYPE_EXCLUSIVE_PUBLICATION : AERON_LOGBUFFER_TYPE_CONCURRENT_PUBLICATION);
    aerongo_lb_init_tails(lb, initial_term_id, 0);

    if (aerongo_lb_create_publication(lb, session_id, stream_id, exclusive) < 0)
    {
        aerongo_lb_free(lb);
        return NULL;
    }

    lb->sub->registration_id = 2;
    if (aeron_image_create(
        &lb->image, lb->sub, NULL, lb->log_buffer, 1, &lb->counters[8], 3, session_id, "ipc", 3) < 0 ||
        aeron_image_fragment_assembler_create(&lb->assembler, NULL, NULL) < 0 ||
        aeron_image_controlled_fragment_assembler_create(&lb->controlled_assembler, NULL, NULL) < 0)
    {
        aerongo_lb_free(lb);
        return NULL;
    }
    return lb;
}

void aerongo_lb_free(aerongo_lb_t *lb)
{
    if (NULL == lb)
    {
        return;
    }
    if (NULL != lb->assembler)
    {
        aeron_image_fragment_assembler_delete(lb->assembler);
    }
    if (NULL != lb->controlled_assembler)
    {
        aeron_image_controlled_fragment_assembler_delete(lb->controlled_assembler);
    }
    if (NULL != lb->image)
    {
        aeron_image_delete(lb->image);
    }
    if (NULL != lb->pub)
    {
        aeron_publication_delete(lb->pub);
    }
    if (NULL != lb->xpub)
    {
        aeron_exclusive_publication_delete(lb->xpub);
    }
    free(lb->sub);
    free(lb->log_buffer);
    free(lb->counters);
    free(lb->mem);
    free(lb);
}

uint8_t *aerongo_lb_base(aerongo_lb_t *lb)
{
    return lb->mem;
}

size_t aerongo_lb_length(aerongo_lb_t *lb)
{
    return lb->mem_length;
}

void aerongo_lb_set_limit(aerongo_lb_t *lb, int64_t limit)
{
    aeron_counter_set_release(&lb->counters[0], limit);
}

void aerongo_lb_set_connected(aerongo_lb_t *lb, int32_t connected)
{
    aeron_logbuffer_metadata_t *md = (aeron_logbuffer_metadata_t *)lb->log_buffer->mapped_raw_log.log_meta_data.addr;
    AERON_SET_RELEASE(md->is_connected, connected);
}

void aerongo_lb_set_position(aerongo_lb_t *lb, int32_t term_id, int32_t term_offset)
{
    aerongo_lb_init_tails(lb, term_id, term_offset);
    if (NULL != lb->xpub)
    {
        /* the exclusive publication keeps its own copy of the tail: recreate it */
        aeron_exclusive_publication_t *old = lb->xpub;
        lb->xpub = NULL;
        aeron_exclusive_publication_create(
            &lb->xpub, NULL, strdup("aeron:ipc"), old->stream_id, old->session_id, 0, &lb->counters[0], 0, NULL,
            lb->log_buffer, 1, 1);
        aeron_exclusive_publication_delete(old);
    }
}

int64_t aerongo_lb_subscriber_position(aerongo_lb_t *lb)
{
    return aeron_counter_get_acquire(&lb->counters[8]);
}

int64_t aerongo_lb_offer(aerongo_lb_t *lb, const uint8_t *buf, size_t length)
{
    static const uint8_t empty[1] = { 0 };
    const uint8_t *b = NULL == buf ? empty : buf;
    if (NULL != lb->xpub)
    {
        return aeron_exclusive_publication_offer(lb->xpub, b, length, NULL, NULL);
    }
    return aeron_publication_offer(lb->pub, b, length, NULL, NULL);
}

int64_t aerongo_lb_offerv(aerongo_lb_t *lb, uint8_t *flat, const size_t *lengths, size_t count)
{
    aeron_iovec_t iov[64];
    if (count > 64)
    {
        return AERON_PUBLICATION_ERROR;
    }
    size_t offset = 0;
    for (size_t i = 0; i < count; i++)
    {
        iov[i].iov_base = flat + offset;
        iov[i].iov_len = lengths[i];
        offset += lengths[i];
    }
    if (NULL != lb->xpub)
    {
        return aeron_exclusive_publication_offerv(lb->xpub, iov, count, NULL, NULL);
    }
    return aeron_publication_offerv(lb->pub, iov, count, NULL, NULL);
}

int64_t aerongo_lb_try_claim(aerongo_lb_t *lb, size_t length, uint8_t fill, int abort)
{
    aeron_buffer_claim_t claim;
    int64_t result = NULL != lb->xpub ?
        aeron_exclusive_publication_try_claim(lb->xpub, length, &claim) :
        aeron_publication_try_claim(lb->pub, length, &claim);
    if (result > 0)
    {
        memset(claim.data, fill, claim.length);
        if (abort)
        {
            aeron_buffer_claim_abort(&claim);
        }
        else
        {
            aeron_buffer_claim_commit(&claim);
        }
    }
    return result;
}

int64_t aerongo_lb_append_padding(aerongo_lb_t *lb, size_t length)
{
    if (NULL == lb->xpub)
    {
        return AERON_PUBLICATION_ERROR;
    }
    return aeron_exclusive_publication_append_padding(lb->xpub, length);
}

int64_t aerongo_lb_position(aerongo_lb_t *lb)
{
    return NULL != lb->xpub ? aeron_exclusive_publication_position(lb->xpub) : aeron_publication_position(lb->pub);
}

typedef struct aerongo_lb_poll_state_stct
{
    aerongo_lb_t *lb;
    aerongo_lb_fragment_t *out;
    int capacity;
    int count;
    int assembled;
}
aerongo_lb_poll_state_t;

static uint32_t aerongo_lb_fnv1a(const uint8_t *b, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
    {
        h ^= b[i];
        h *= 16777619u;
    }
    return h;
}

static void aerongo_lb_record(void *clientd, const uint8_t *buffer, size_t length, aeron_header_t *header)
{
    aerongo_lb_poll_state_t *st = (aerongo_lb_poll_state_t *)clientd;
    if (st->count >= st->capacity)
    {
        return;
    }
    aerongo_lb_fragment_t *f = &st->out[st->count++];
    const uint8_t *base = st->lb->mem;
    f->buffer_offset = (buffer >= base && buffer < base + st->lb->mem_length) ? (int64_t)(buffer - base) : -1;
    f->position = aeron_header_position(header);
    f->reserved_value = header->frame->reserved_value;
    f->length = (int32_t)length;
    f->term_id = header->frame->term_id;
    f->term_offset = header->frame->term_offset;
    f->session_id = header->frame->session_id;
    f->stream_id = header->frame->stream_id;
    f->frame_length = header->frame->frame_header.frame_length;
    f->fragmented_frame_length = header->fragmented_frame_length;
    f->checksum = aerongo_lb_fnv1a(buffer, length);
    f->flags = header->frame->frame_header.flags;
}

int aerongo_lb_poll(aerongo_lb_t *lb, aerongo_lb_fragment_t *out, int capacity, int fragment_limit, int assemble)
{
    aerongo_lb_poll_state_t st = { lb, out, capacity, 0, 0 };
    if (assemble)
    {
        lb->assembler->delegate = aerongo_lb_record;
        lb->assembler->delegate_clientd = &st;
        aeron_image_poll(lb->image, aeron_image_fragment_assembler_handler, lb->assembler, (size_t)fragment_limit);
    }
    else
    {
        aeron_image_poll(lb->image, aerongo_lb_record, &st, (size_t)fragment_limit);
    }
    return st.count;
}

int64_t aerongo_lb_bench_offer(aerongo_lb_t *lb, const uint8_t *msg, size_t length, int64_t n)
{
    int64_t ok = 0;
    aeron_logbuffer_metadata_t *md = (aeron_logbuffer_metadata_t *)lb->log_buffer->mapped_raw_log.log_meta_data.addr;
    for (int64_t i = 0; i < n; i++)
    {
        int64_t r = NULL != lb->xpub ?
            aeron_exclusive_publication_offer(lb->xpub, msg, length, NULL, NULL) :
            aeron_publication_offer(lb->pub, msg, length, NULL, NULL);
        if (r > 0)
        {
            ok++;
        }
        else if (AERON_PUBLICATION_ADMIN_ACTION == r)
        {
            int32_t term_count = aeron_logbuffer_active_term_count(md);
            size_t index = aeron_logbuffer_index_by_term_count(term_count);
            memset(lb->log_buffer->mapped_raw_log.term_buffers[index].addr, 0, (size_t)lb->term_length);
        }
    }
    return ok;
}

static void aerongo_lb_count(void *clientd, const uint8_t *buffer, size_t length, aeron_header_t *header)
{
    (*(int64_t *)clientd) += 1;
}

int64_t aerongo_lb_bench_poll(aerongo_lb_t *lb, int64_t n, int fragment_limit)
{
    int64_t seen = 0;
    while (seen < n)
    {
        int got = aeron_image_poll(lb->image, aerongo_lb_count, &seen, (size_t)fragment_limit);
        if (got <= 0)
        {
            aeron_counter_set_release(&lb->counters[8], 0);
        }
    }
    return seen;
}

typedef struct aerongo_lb_controlled_state_stct
{
    aerongo_lb_poll_state_t base;
    const int32_t *actions;
    int action_count;
    int64_t *action_index;
}
aerongo_lb_controlled_state_t;

static aeron_controlled_fragment_handler_action_t aerongo_lb_record_controlled(
    void *clientd, const uint8_t *buffer, size_t length, aeron_header_t *header)
{
    aerongo_lb_controlled_state_t *st = (aerongo_lb_controlled_state_t *)clientd;
    aerongo_lb_record(&st->base, buffer, length, header);
    int32_t action = st->actions[*st->action_index % st->action_count];
    (*st->action_index)++;
    return (aeron_controlled_fragment_handler_action_t)action;
}

int aerongo_lb_controlled_poll(
    aerongo_lb_t *lb, aerongo_lb_fragment_t *out, int capacity, int fragment_limit, int assemble,
    const int32_t *actions, int action_count, int64_t *action_index)
{
    aerongo_lb_controlled_state_t st = { { lb, out, capacity, 0, 0 }, actions, action_count, action_index };
    if (assemble)
    {
        lb->controlled_assembler->delegate = aerongo_lb_record_controlled;
        lb->controlled_assembler->delegate_clientd = &st;
        aeron_image_controlled_poll(
            lb->image, aeron_image_controlled_fragment_assembler_handler, lb->controlled_assembler, (size_t)fragment_limit);
    }
    else
    {
        aeron_image_controlled_poll(lb->image, aerongo_lb_record_controlled, &st, (size_t)fragment_limit);
    }
    return st.base.count;
}

#define AERONGO_OFF(field) offsetof(aeron_logbuffer_metadata_t, field)

int aerongo_lb_metadata_offsets(int64_t *out, int capacity)
{
    const int64_t offsets[] =
    {
        AERONGO_OFF(term_tail_counters), AERONGO_OFF(active_term_count), AERONGO_OFF(end_of_stream_position),
        AERONGO_OFF(is_connected), AERONGO_OFF(active_transport_count), AERONGO_OFF(correlation_id),
        AERONGO_OFF(initial_term_id), AERONGO_OFF(default_frame_header_length), AERONGO_OFF(mtu_length),
        AERONGO_OFF(term_length), AERONGO_OFF(page_size), AERONGO_OFF(publication_window_length),
        AERONGO_OFF(receiver_window_length), AERONGO_OFF(socket_sndbuf_length),
        AERONGO_OFF(os_default_socket_sndbuf_length), AERONGO_OFF(os_max_socket_sndbuf_length),
        AERONGO_OFF(socket_rcvbuf_length), AERONGO_OFF(os_default_socket_rcvbuf_length),
        AERONGO_OFF(os_max_socket_rcvbuf_length), AERONGO_OFF(max_resend), AERONGO_OFF(default_header),
        AERONGO_OFF(entity_tag), AERONGO_OFF(response_correlation_id), AERONGO_OFF(linger_timeout_ns),
        AERONGO_OFF(untethered_window_limit_timeout_ns), AERONGO_OFF(untethered_resting_timeout_ns),
        AERONGO_OFF(group), AERONGO_OFF(is_response), AERONGO_OFF(rejoin), AERONGO_OFF(reliable),
        AERONGO_OFF(sparse), AERONGO_OFF(signal_eos), AERONGO_OFF(spies_simulate_connection), AERONGO_OFF(tether),
        AERONGO_OFF(is_publication_revoked), AERONGO_OFF(type), AERONGO_OFF(untethered_linger_timeout_ns),
        sizeof(aeron_logbuffer_metadata_t),
        /* data frame header */
        offsetof(aeron_data_header_t, frame_header.frame_length), offsetof(aeron_data_header_t, frame_header.version),
        offsetof(aeron_data_header_t, frame_header.flags), offsetof(aeron_data_header_t, frame_header.type),
        offsetof(aeron_data_header_t, term_offset), offsetof(aeron_data_header_t, session_id),
        offsetof(aeron_data_header_t, stream_id), offsetof(aeron_data_header_t, term_id),
        offsetof(aeron_data_header_t, reserved_value), sizeof(aeron_data_header_t),
        /* the is_closed flags the Go side reads */
        offsetof(aeron_publication_t, is_closed), offsetof(aeron_exclusive_publication_t, is_closed),
        offsetof(aeron_image_t, is_closed),
    };
    int n = (int)(sizeof(offsets) / sizeof(offsets[0]));
    for (int i = 0; i < n && i < capacity; i++)
    {
        out[i] = offsets[i];
    }
    return n;
}
