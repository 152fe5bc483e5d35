/*
 * Small C shims between package aeronc and Aeron's C client and media driver.
 * Each shim takes flat arguments and fills a result struct, so one cgo call
 * does one operation and captures Aeron's thread-local error on the same thread.
 */
#include <string.h>

#include "shim.h"
#include "_cgo_export.h"

static void aerongo_capture(aerongo_result_t *result, int64_t value)
{
    result->value = value;
    if (value < 0)
    {
        const char *message = aeron_errmsg();
        result->code = (int32_t)aeron_errcode();
        if (NULL == message)
        {
            message = "";
        }
        strncpy(result->message, message, AERONGO_ERRMSG_LEN - 1);
        result->message[AERONGO_ERRMSG_LEN - 1] = '\0';
    }
    else
    {
        result->code = 0;
        result->message[0] = '\0';
    }
}

int aerongo_version_major(void)
{
    return aeron_version_major();
}

int aerongo_version_minor(void)
{
    return aeron_version_minor();
}

int aerongo_version_patch(void)
{
    return aeron_version_patch();
}

static void aerongo_on_error(void *clientd, int errcode, const char *message)
{
    aerongoOnError((uintptr_t)clientd, errcode, (char *)message);
}

int aerongo_client_connect(
    aeron_context_t **ctx,
    aeron_t **client,
    const char *dir,
    int64_t driver_timeout_ms,
    const char *client_name,
    bool pre_touch,
    uintptr_t error_handle,
    aerongo_result_t *result)
{
    *ctx = NULL;
    *client = NULL;
    if (aeron_context_init(ctx) < 0)
    {
        aerongo_capture(result, -1);
        return -1;
    }
    if ((NULL != dir && aeron_context_set_dir(*ctx, dir) < 0) ||
        (driver_timeout_ms > 0 && aeron_context_set_driver_timeout_ms(*ctx, (uint64_t)driver_timeout_ms) < 0) ||
        (NULL != client_name && aeron_context_set_client_name(*ctx, client_name) < 0) ||
        (pre_touch && aeron_context_set_pre_touch_mapped_memory(*ctx, true) < 0) ||
        (0 != error_handle && aeron_context_set_error_handler(*ctx, aerongo_on_error, (void *)error_handle) < 0))
    {
        aerongo_capture(result, -1);
        aeron_context_close(*ctx);
        *ctx = NULL;
        return -1;
    }
    if (aeron_init(client, *ctx) < 0)
    {
        aerongo_capture(result, -1);
        aeron_context_close(*ctx);
        *ctx = NULL;
        *client = NULL;
        return -1;
    }
    if (aeron_start(*client) < 0)
    {
        aerongo_capture(result, -1);
        aeron_close(*client);
        aeron_context_close(*ctx);
        *ctx = NULL;
        *client = NULL;
        return -1;
    }
    aerongo_capture(result, 0);
    return 0;
}

void aerongo_client_close(aeron_context_t *ctx, aeron_t *client)
{
    if (NULL != client)
    {
        aeron_close(client);
    }
    if (NULL != ctx)
    {
        aeron_context_close(ctx);
    }
}

int aerongo_add_publication(
    aeron_async_add_publication_t **async, aeron_t *client, const char *uri, int32_t stream_id, aerongo_result_t *result)
{
    int rc = aeron_async_add_publication(async, client, uri, stream_id);
    aerongo_capture(result, rc);
    return rc;
}

int aerongo_add_publication_poll(
    aeron_publication_t **pub, aeron_async_add_publication_t *async, aerongo_result_t *result)
{
    int rc = aeron_async_add_publication_poll(pub, async);
    aerongo_capture(result, rc);
    return rc;
}

int aerongo_add_exclusive_publication(
    aeron_async_add_exclusive_publication_t **async,
    aeron_t *client,
    const char *uri,
    int32_t stream_id,
    aerongo_result_t *result)
{
    int rc = aeron_async_add_exclusive_publication(async, client, uri, stream_id);
    aerongo_capture(result, rc);
    return rc;
}

int aerongo_add_exclusive_publication_poll(
    aeron_exclusive_publication_t **pub, aeron_async_add_exclusive_publication_t *async, aerongo_result_t *result)
{
    int rc = aeron_async_add_exclusive_publication_poll(pub, async);
    aerongo_capture(result, rc);
    return rc;
}

static void aerongo_copy_constants(aeron_publication_constants_t *c, aerongo_pub_constants_t *out)
{
    out->registration_id = c->registration_id;
    out->original_registration_id = c->original_registration_id;
    out->max_possible_position = c->max_possible_position;
    out->max_message_length = (int32_t)c->max_message_length;
    out->max_payload_length = (int32_t)c->max_payload_length;
    out->term_buffer_length = (int32_t)c->term_buffer_length;
    out->stream_id = c->stream_id;
    out->session_id = c->session_id;
    out->initial_term_id = c->initial_term_id;
    out->publication_limit_counter_id = c->publication_limit_counter_id;
    out->channel_status_indicator_id = c->channel_status_indicator_id;
}

int aerongo_publication_constants(aeron_publication_t *pub, aerongo_pub_constants_t *out, const char **channel)
{
    aeron_publication_constants_t c;
    if (aeron_publication_constants(pub, &c) < 0)
    {
        return -1;
    }
    aerongo_copy_constants(&c, out);
    *channel = c.channel;
    return 0;
}

int aerongo_exclusive_publication_constants(
    aeron_exclusive_publication_t *pub, aerongo_pub_constants_t *out, const char **channel)
{
    aeron_publication_constants_t c;
    if (aeron_exclusive_publication_constants(pub, &c) < 0)
    {
        return -1;
    }
    aerongo_copy_constants(&c, out);
    *channel = c.channel;
    return 0;
}

static void aerongo_image_event(void *clientd, aeron_image_t *image, int available)
{
    aeron_image_constants_t c;
    aerongo_image_t out;
    memset(&out, 0, sizeof(out));
    if (aeron_image_constants(image, &c) == 0)
    {
        out.source_identity = c.source_identity;
        out.correlation_id = c.correlation_id;
        out.join_position = c.join_position;
        out.position_bits_to_shift = (int32_t)c.position_bits_to_shift;
        out.term_buffer_length = (int32_t)c.term_buffer_length;
        out.mtu_length = (int32_t)c.mtu_length;
        out.session_id = c.session_id;
        out.initial_term_id = c.initial_term_id;
        out.subscriber_position_id = c.subscriber_position_id;
    }
    aerongoOnImage((uintptr_t)clientd, available, &out);
}

static void aerongo_on_available_image(void *clientd, aeron_subscription_t *subscription, aeron_image_t *image)
{
    aerongo_image_event(clientd, image, 1);
}

static void aerongo_on_unavailable_image(void *clientd, aeron_subscription_t *subscription, aeron_image_t *image)
{
    aerongo_image_event(clientd, image, 0);
}

int aerongo_add_subscription(
    aeron_async_add_subscription_t **async,
    aeron_t *client,
    const char *uri,
    int32_t stream_id,
    uintptr_t handle,
    aerongo_result_t *result)
{
    int rc = aeron_async_add_subscription(
        async,
        client,
        uri,
        stream_id,
        aerongo_on_available_image,
        (void *)handle,
        aerongo_on_unavailable_image,
        (void *)handle);
    aerongo_capture(result, rc);
    return rc;
}

int aerongo_add_subscription_poll(
    aeron_subscription_t **sub, aeron_async_add_subscription_t *async, aerongo_result_t *result)
{
    int rc = aeron_async_add_subscription_poll(sub, async);
    aerongo_capture(result, rc);
    return rc;
}

static void aerongo_fill_header(aeron_header_t *header, aerongo_header_t *out)
{
    aeron_header_values_t values;
    aeron_header_values(header, &values);
    out->reserved_value = values.frame.reserved_value;
    out->position = aeron_header_position(header);
    out->frame_length = values.frame.frame_length;
    out->term_offset = values.frame.term_offset;
    out->session_id = values.frame.session_id;
    out->stream_id = values.frame.stream_id;
    out->term_id = values.frame.term_id;
    out->initial_term_id = values.initial_term_id;
    out->position_bits_to_shift = (int32_t)values.position_bits_to_shift;
    out->type = values.frame.type;
    out->flags = values.frame.flags;
    out->version = values.frame.version;
}

static void aerongo_on_fragment(void *clientd, const uint8_t *buffer, size_t length, aeron_header_t *header)
{
    aerongo_header_t h;
    aerongo_fill_header(header, &h);
    aerongoOnFragment((uintptr_t)clientd, (uint8_t *)buffer, length, &h);
}

static aeron_controlled_fragment_handler_action_t aerongo_on_controlled_fragment(
    void *clientd, const uint8_t *buffer, size_t length, aeron_header_t *header)
{
    aerongo_header_t h;
    aerongo_fill_header(header, &h);
    return (aeron_controlled_fragment_handler_action_t)aerongoOnControlledFragment(
        (uintptr_t)clientd, (uint8_t *)buffer, length, &h);
}

int aerongo_assemblers_create(
    aeron_fragment_assembler_t **assembler,
    aeron_controlled_fragment_assembler_t **controlled,
    uintptr_t handle,
    aerongo_result_t *result)
{
    *assembler = NULL;
    *controlled = NULL;
    if (aeron_fragment_assembler_create(assembler, aerongo_on_fragment, (void *)handle) < 0)
    {
        aerongo_capture(result, -1);
        return -1;
    }
    if (aeron_controlled_fragment_assembler_create(controlled, aerongo_on_controlled_fragment, (void *)handle) < 0)
    {
        aerongo_capture(result, -1);
        aeron_fragment_assembler_delete(*assembler);
        *assembler = NULL;
        return -1;
    }
    aerongo_capture(result, 0);
    return 0;
}

void aerongo_assemblers_delete(aeron_fragment_assembler_t *assembler, aeron_controlled_fragment_assembler_t *controlled)
{
    if (NULL != assembler)
    {
        aeron_fragment_assembler_delete(assembler);
    }
    if (NULL != controlled)
    {
        aeron_controlled_fragment_assembler_delete(controlled);
    }
}

int aerongo_subscription_poll(aeron_subscription_t *sub, aeron_fragment_assembler_t *assembler, int32_t limit)
{
    return aeron_subscription_poll(sub, aeron_fragment_assembler_handler, assembler, (size_t)limit);
}

int aerongo_subscription_controlled_poll(
    aeron_subscription_t *sub, aeron_controlled_fragment_assembler_t *assembler, int32_t limit)
{
    return aeron_subscription_controlled_poll(
        sub, aeron_controlled_fragment_assembler_handler, assembler, (size_t)limit);
}

static void aerongo_on_subscription_closed(void *clientd)
{
    aerongoOnSubscriptionClosed((uintptr_t)clientd);
}

int aerongo_subscription_close(aeron_subscription_t *sub, uintptr_t handle)
{
    return aeron_subscription_close(sub, aerongo_on_subscription_closed, (void *)handle);
}

int aerongo_counter_label(aeron_counters_reader_t *reader, int32_t id, char *buffer, int32_t length)
{
    return aeron_counters_reader_counter_label(reader, id, buffer, (size_t)length);
}

int aerongo_driver_start(
    aeron_driver_context_t **ctx, aeron_driver_t **driver, aerongo_driver_opts_t *o, aerongo_result_t *result)
{
    *ctx = NULL;
    *driver = NULL;
    if (aeron_driver_context_init(ctx) < 0)
    {
        aerongo_capture(result, -1);
        return -1;
    }
    aeron_driver_context_t *c = *ctx;
    int failed =
        (NULL != o->dir && aeron_driver_context_set_dir(c, o->dir) < 0) ||
        (o->threading_mode >= 0 &&
            aeron_driver_context_set_threading_mode(c, (aeron_threading_mode_t)o->threading_mode) < 0) ||
        (NULL != o->idle_strategy && (
            aeron_driver_context_set_conductor_idle_strategy(c, o->idle_strategy) < 0 ||
            aeron_driver_context_set_sender_idle_strategy(c, o->idle_strategy) < 0 ||
            aeron_driver_context_set_receiver_idle_strategy(c, o->idle_strategy) < 0 ||
            aeron_driver_context_set_sharednetwork_idle_strategy(c, o->idle_strategy) < 0 ||
            aeron_driver_context_set_shared_idle_strategy(c, o->idle_strategy) < 0)) ||
        (o->term_length > 0 && aeron_driver_context_set_term_buffer_length(c, (size_t)o->term_length) < 0) ||
        (o->ipc_term_length > 0 && aeron_driver_context_set_ipc_term_buffer_length(c, (size_t)o->ipc_term_length) < 0) ||
        (o->mtu_length > 0 && aeron_driver_context_set_mtu_length(c, (size_t)o->mtu_length) < 0) ||
        (o->ipc_mtu_length > 0 && aeron_driver_context_set_ipc_mtu_length(c, (size_t)o->ipc_mtu_length) < 0) ||
        (o->client_liveness_timeout_ns > 0 &&
            aeron_driver_context_set_client_liveness_timeout_ns(c, (uint64_t)o->client_liveness_timeout_ns) < 0) ||
        (o->publication_linger_timeout_ns > 0 &&
            aeron_driver_context_set_publication_linger_timeout_ns(c, (uint64_t)o->publication_linger_timeout_ns) < 0) ||
        (o->image_liveness_timeout_ns > 0 &&
            aeron_driver_context_set_image_liveness_timeout_ns(c, (uint64_t)o->image_liveness_timeout_ns) < 0) ||
        (o->publication_connection_timeout_ns > 0 &&
            aeron_driver_context_set_publication_connection_timeout_ns(
                c, (uint64_t)o->publication_connection_timeout_ns) < 0) ||
        (o->publication_unblock_timeout_ns > 0 &&
            aeron_driver_context_set_publication_unblock_timeout_ns(c, (uint64_t)o->publication_unblock_timeout_ns) < 0) ||
        (o->driver_timeout_ms > 0 && aeron_driver_context_set_driver_timeout_ms(c, (uint64_t)o->driver_timeout_ms) < 0) ||
        (o->sparse_terms >= 0 && aeron_driver_context_set_term_buffer_sparse_file(c, o->sparse_terms != 0) < 0) ||
        aeron_driver_context_set_dir_delete_on_start(c, o->delete_dir_on_start != 0) < 0 ||
        aeron_driver_context_set_dir_delete_on_shutdown(c, o->delete_dir_on_shutdown != 0) < 0;
    if (failed)
    {
        aerongo_capture(result, -1);
        aeron_driver_context_close(c);
        *ctx = NULL;
        return -1;
    }
    if (aeron_driver_init(driver, c) < 0)
    {
        aerongo_capture(result, -1);
        aeron_driver_context_close(c);
        *ctx = NULL;
        *driver = NULL;
        return -1;
    }
    if (aeron_driver_start(*driver, o->manual_main_loop != 0) < 0)
    {
        aerongo_capture(result, -1);
        aeron_driver_close(*driver);
        aeron_driver_context_close(c);
        *ctx = NULL;
        *driver = NULL;
        return -1;
    }
    aerongo_capture(result, 0);
    return 0;
}

int aerongo_driver_close(aeron_driver_context_t *ctx, aeron_driver_t *driver, aerongo_result_t *result)
{
    int rc = 0;
    if (NULL != driver && aeron_driver_close(driver) < 0)
    {
        rc = -1;
    }
    aerongo_capture(result, rc);
    if (NULL != ctx)
    {
        aeron_driver_context_close(ctx);
    }
    return rc;
}

static void aerongo_on_error_log_entry(
    int32_t observation_count,
    int64_t first_observation_timestamp,
    int64_t last_observation_timestamp,
    const char *error,
    size_t error_length,
    void *clientd)
{
    aerongoOnErrorLogEntry(
        (uintptr_t)clientd,
        observation_count,
        first_observation_timestamp,
        last_observation_timestamp,
        (char *)error,
        error_length);
}

int aerongo_error_log_read(const char *dir, int64_t timeout_ms, uintptr_t handle, aerongo_result_t *result)
{
    aeron_cnc_t *cnc = NULL;
    if (aeron_cnc_init(&cnc, dir, timeout_ms) < 0)
    {
        aerongo_capture(result, -1);
        return -1;
    }
    size_t n = aeron_cnc_error_log_read(cnc, aerongo_on_error_log_entry, (void *)handle, 0);
    aeron_cnc_close(cnc);
    aerongo_capture(result, (int64_t)n);
    return (int)n;
}
