/*
 * A log buffer on C-allocated memory driven by Aeron's own C client code
 * (aeron_publication_offer, aeron_exclusive_publication_offer, try-claim,
 * aeron_image_poll, the image fragment assembler), with no driver and no
 * client conductor: the tests of transport/internal/logbuffer use it to
 * check that the Go log-buffer code writes and reads the same bytes.
 */
#ifndef AERONGO_LOGBUFFER_SHIM_H
#define AERONGO_LOGBUFFER_SHIM_H

#include <stddef.h>
#include <stdint.h>

typedef struct aerongo_lb_stct aerongo_lb_t;

typedef struct aerongo_lb_fragment_stct
{
    int64_t buffer_offset; /* payload address - log base, or -1 for an assembled message */
    int64_t position;      /* aeron_header_position */
    int64_t reserved_value;
    int32_t length;
    int32_t term_id;
    int32_t term_offset;
    int32_t session_id;
    int32_t stream_id;
    int32_t frame_length;
    int32_t fragmented_frame_length;
    uint32_t checksum;     /* FNV-1a 32 of the payload */
    uint8_t flags;
}
aerongo_lb_fragment_t;

aerongo_lb_t *aerongo_lb_new(
    int32_t term_length, int32_t page_size, int32_t mtu, int32_t initial_term_id,
    int32_t session_id, int32_t stream_id, int64_t correlation_id, int exclusive);
void aerongo_lb_free(aerongo_lb_t *lb);

uint8_t *aerongo_lb_base(aerongo_lb_t *lb);
size_t aerongo_lb_length(aerongo_lb_t *lb);

void aerongo_lb_set_limit(aerongo_lb_t *lb, int64_t limit);
void aerongo_lb_set_connected(aerongo_lb_t *lb, int32_t connected);
void aerongo_lb_set_position(aerongo_lb_t *lb, int32_t term_id, int32_t term_offset);
int64_t aerongo_lb_subscriber_position(aerongo_lb_t *lb);

int64_t aerongo_lb_offer(aerongo_lb_t *lb, const uint8_t *buf, size_t length);
int64_t aerongo_lb_offerv(aerongo_lb_t *lb, uint8_t *flat, const size_t *lengths, size_t count);
int64_t aerongo_lb_try_claim(aerongo_lb_t *lb, size_t length, uint8_t fill, int abort);
int64_t aerongo_lb_append_padding(aerongo_lb_t *lb, size_t length);
int64_t aerongo_lb_position(aerongo_lb_t *lb);

/* polls the image (assemble != 0: through aeron_image_fragment_assembler) */
int aerongo_lb_poll(aerongo_lb_t *lb, aerongo_lb_fragment_t *out, int capacity, int fragment_limit, int assemble);

/*
 * aeron_image_controlled_poll (assemble != 0: through
 * aeron_image_controlled_fragment_assembler_handler) with a handler that
 * records each delivery and returns actions[*action_index % action_count],
 * advancing *action_index.
 */
int aerongo_lb_controlled_poll(
    aerongo_lb_t *lb, aerongo_lb_fragment_t *out, int capacity, int fragment_limit, int assemble,
    const int32_t *actions, int action_count, int64_t *action_index);

/*
 * Loops for benchmarks, n operations in one call: offers of length bytes
 * (on an admin action the new active term is zeroed, as the driver would
 * have cleaned it), and polls of the image with a counting handler (the
 * subscriber position is wound back to re-read the log's first term once it
 * is consumed). They return the fragments seen (poll) or the offers that
 * succeeded.
 */
int64_t aerongo_lb_bench_offer(aerongo_lb_t *lb, const uint8_t *msg, size_t length, int64_t n);
int64_t aerongo_lb_bench_poll(aerongo_lb_t *lb, int64_t n, int fragment_limit);

/* offsetof for every aeron_logbuffer_metadata_t field, in declaration order, then sizeof */
int aerongo_lb_metadata_offsets(int64_t *out, int capacity);

#endif
