/*
 * Declarations shared by the Go files of package aeronc and shim.c.
 * Only declarations and type definitions live here: callbacks.go, which
 * holds the //export functions, includes this header.
 */
#ifndef AERONGO_SHIM_H
#define AERONGO_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <aeronc.h>
#include <aeronmd.h>

#define AERONGO_ERRMSG_LEN 1024

/* Outcome of a control-plane call: the return value and, when it failed, Aeron's
 * thread-local error code and message captured on the same OS thread. */
typedef struct aerongo_result_stct
{
    int64_t value;
    int32_t code;
    char message[AERONGO_ERRMSG_LEN];
}
aerongo_result_t;

/* Flat copy of a fragment header, filled in C before calling into Go. */
typedef struct aerongo_header_stct
{
    int64_t reserved_value;
    int64_t position;
    int32_t frame_length;
    int32_t term_offset;
    int32_t session_id;
    int32_t stream_id;
    int32_t term_id;
    int32_t initial_term_id;
    int32_t position_bits_to_shift;
    int16_t type;
    uint8_t flags;
    int8_t version;
}
aerongo_header_t;

/* Flat copy of an image's constants for the image handlers. */
typedef struct aerongo_image_stct
{
    const char *source_identity;
    int64_t correlation_id;
    int64_t join_position;
    int32_t position_bits_to_shift;
    int32_t term_buffer_length;
    int32_t mtu_length;
    int32_t session_id;
    int32_t initial_term_id;
    int32_t subscriber_position_id;
}
aerongo_image_t;

/* Flat copy of a publication's constants. */
typedef struct aerongo_pub_constants_stct
{
    int64_t registration_id;
    int64_t original_registration_id;
    int64_t max_possible_position;
    int32_t max_message_length;
    int32_t max_payload_length;
    int32_t term_buffer_length;
    int32_t stream_id;
    int32_t session_id;
    int32_t initial_term_id;
    int32_t publication_limit_counter_id;
    int32_t channel_status_indicator_id;
}
aerongo_pub_constants_t;

/* Media driver settings; zero or negative means "keep Aeron's default". */
typedef struct aerongo_driver_opts_stct
{
    const char *dir;
    const char *idle_strategy;
    int64_t term_length;
    int64_t ipc_term_length;
    int64_t mtu_length;
    int64_t ipc_mtu_length;
    int64_t client_liveness_timeout_ns;
    int64_t publication_linger_timeout_ns;
    int64_t image_liveness_timeout_ns;
    int64_t publication_connection_timeout_ns;
    int64_t publication_unblock_timeout_ns;
    int64_t driver_timeout_ms;
    int32_t threading_mode; /* -1: Aeron's default */
    int32_t delete_dir_on_start;
    int32_t delete_dir_on_shutdown;
    int32_t sparse_terms; /* -1: Aeron's default, 0: no, 1: yes */
    int32_t manual_main_loop;
}
aerongo_driver_opts_t;

int aerongo_version_major(void);
int aerongo_version_minor(void);
int aerongo_version_patch(void);

int aerongo_client_connect(
    aeron_context_t **ctx,
    aeron_t **client,
    const char *dir,
    int64_t driver_timeout_ms,
    const char *client_name,
    bool pre_touch,
    uintptr_t error_handle,
    aerongo_result_t *result);
void aerongo_client_close(aeron_context_t *ctx, aeron_t *client);

int aerongo_add_publication(
    aeron_async_add_publication_t **async, aeron_t *client, const char *uri, int32_t stream_id, aerongo_result_t *result);
int aerongo_add_publication_poll(
    aeron_publication_t **pub, aeron_async_add_publication_t *async, aerongo_result_t *result);
int aerongo_add_exclusive_publication(
    aeron_async_add_exclusive_publication_t **async,
    aeron_t *client,
    const char *uri,
    int32_t stream_id,
    aerongo_result_t *result);
int aerongo_add_exclusive_publication_poll(
    aeron_exclusive_publication_t **pub, aeron_async_add_exclusive_publication_t *async, aerongo_result_t *result);
int aerongo_publication_constants(aeron_publication_t *pub, aerongo_pub_constants_t *out, const char **channel);
int aerongo_exclusive_publication_constants(
    aeron_exclusive_publication_t *pub, aerongo_pub_constants_t *out, const char **channel);

int aerongo_add_subscription(
    aeron_async_add_subscription_t **async,
    aeron_t *client,
    const char *uri,
    int32_t stream_id,
    uintptr_t handle,
    aerongo_result_t *result);
int aerongo_add_subscription_poll(
    aeron_subscription_t **sub, aeron_async_add_subscription_t *async, aerongo_result_t *result);
int aerongo_assemblers_create(
    aeron_fragment_assembler_t **assembler,
    aeron_controlled_fragment_assembler_t **controlled,
    uintptr_t handle,
    aerongo_result_t *result);
void aerongo_assemblers_delete(aeron_fragment_assembler_t *assembler, aeron_controlled_fragment_assembler_t *controlled);
int aerongo_subscription_poll(aeron_subscription_t *sub, aeron_fragment_assembler_t *assembler, int32_t limit);
int aerongo_subscription_controlled_poll(
    aeron_subscription_t *sub, aeron_controlled_fragment_assembler_t *assembler, int32_t limit);
int aerongo_subscription_close(aeron_subscription_t *sub, uintptr_t handle);

int aerongo_counter_label(aeron_counters_reader_t *reader, int32_t id, char *buffer, int32_t length);

int aerongo_error_log_read(const char *dir, int64_t timeout_ms, uintptr_t handle, aerongo_result_t *result);
int aerongo_driver_close(aeron_driver_context_t *ctx, aeron_driver_t *driver, aerongo_result_t *result);
int aerongo_driver_start(
    aeron_driver_context_t **ctx, aeron_driver_t **driver, aerongo_driver_opts_t *opts, aerongo_result_t *result);

#endif
