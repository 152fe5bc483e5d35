/*
 * Views of the C client's publications, subscriptions and images for the Go
 * log-buffer code: the addresses of the mapped log, the counters and the
 * flags it reads and writes, and the layout of a subscription's image list,
 * so that the Go data path needs no cgo call per message or per poll.
 */
#ifndef AERONGO_LOGBUFFER_VIEWS_H
#define AERONGO_LOGBUFFER_VIEWS_H

#include <stdint.h>

typedef struct aerongo_lb_log_view_stct
{
    uint8_t *terms[3];
    uint8_t *meta;
    int64_t term_length;
    volatile int64_t *position; /* publication: position_limit; image: subscriber_position */
    volatile void *closed;      /* &is_closed */
    int32_t session_id;
    int32_t stream_id;
}
aerongo_lb_log_view_t;

typedef struct aerongo_lb_image_list_layout_stct
{
    int64_t change_number_offset;
    int64_t length_offset;
    int64_t array_offset;
}
aerongo_lb_image_list_layout_t;

struct aeron_publication_stct;
struct aeron_exclusive_publication_stct;
struct aeron_subscription_stct;
struct aeron_image_stct;

void aerongo_lb_publication_view(struct aeron_publication_stct *p, aerongo_lb_log_view_t *v);
void aerongo_lb_exclusive_publication_view(struct aeron_exclusive_publication_stct *p, aerongo_lb_log_view_t *v);
void aerongo_lb_image_view(struct aeron_image_stct *image, aerongo_lb_log_view_t *v);

/* &subscription->conductor_fields.image_lists_head.next_list */
void *volatile *aerongo_lb_subscription_image_list_head(struct aeron_subscription_stct *s);
/* &subscription->last_image_list_change_number */
volatile int64_t *aerongo_lb_subscription_last_change_number(struct aeron_subscription_stct *s);

volatile void *aerongo_lb_subscription_closed(struct aeron_subscription_stct *s); /* &is_closed */
void aerongo_lb_image_list_layout(aerongo_lb_image_list_layout_t *layout);

/*
 * Raw C IPC throughput in this process, for comparison with the Go data path:
 * a publisher thread offers n messages of size bytes on pub (busy-spinning on
 * back pressure) while the calling thread polls sub through an
 * aeron_fragment_assembler until n messages arrived. Returns the elapsed
 * nanoseconds, or -1 on error.
 */
int64_t aerongo_lb_bench_c_ipc(
    struct aeron_publication_stct *pub, struct aeron_subscription_stct *sub, size_t size, int64_t n, int fragment_limit);

/*
 * Raw C IPC ping-pong in this process: a pong thread echoes every message
 * from ping_sub on pong_pub (try-claim), while the calling thread sends
 * warmup + n pings of size bytes on ping_pub and waits for each echo on
 * pong_sub; the n measured round trips (ns) go to samples. Returns 0, or -1
 * on error.
 */
int aerongo_lb_bench_c_pingpong(
    struct aeron_exclusive_publication_stct *ping_pub, struct aeron_subscription_stct *ping_sub,
    struct aeron_exclusive_publication_stct *pong_pub, struct aeron_subscription_stct *pong_sub,
    size_t size, int64_t warmup, int64_t n, int64_t *samples);

#endif
