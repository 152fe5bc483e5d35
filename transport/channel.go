package transport

import (
	"fmt"
	"strings"
)

// ChannelURI is an Aeron channel URI such as
// "aeron:udp?endpoint=127.0.0.1:40123|term-length=1m" or "aeron:ipc".
// Parameters keep their order; With returns a modified copy.
type ChannelURI struct {
	// Prefix is an optional prefix before "aeron:", e.g. "aeron-spy".
	Prefix string
	// Media is "ipc" or "udp".
	Media  string
	params []channelParam
}

type channelParam struct{ key, value string }

// IPCChannel is the URI of the IPC medium, "aeron:ipc".
func IPCChannel() ChannelURI { return ChannelURI{Media: "ipc"} }

// UDPChannel is the URI of a UDP channel to endpoint ("host:port").
func UDPChannel(endpoint string) ChannelURI {
	return ChannelURI{Media: "udp"}.With("endpoint", endpoint)
}

// ParseChannelURI parses an Aeron channel URI.
func ParseChannelURI(s string) (ChannelURI, error) {
	var u ChannelURI
	rest := s
	if !strings.HasPrefix(rest, "aeron:") {
		i := strings.Index(rest, ":aeron:")
		if i <= 0 {
			return u, fmt.Errorf("transport: channel %q does not start with \"aeron:\"", s)
		}
		u.Prefix, rest = rest[:i], rest[i+1:]
	}
	rest = strings.TrimPrefix(rest, "aeron:")
	media, query, hasQuery := strings.Cut(rest, "?")
	if media != "ipc" && media != "udp" {
		return u, fmt.Errorf("transport: channel %q: media %q is neither ipc nor udp", s, media)
	}
	u.Media = media
	if !hasQuery {
		return u, nil
	}
	for _, kv := range strings.Split(query, "|") {
		key, value, ok := strings.Cut(kv, "=")
		if !ok || key == "" {
			return ChannelURI{}, fmt.Errorf("transport: channel %q: parameter %q is not key=value", s, kv)
		}
		u.params = append(u.params, channelParam{key, value})
	}
	return u, nil
}

// Get returns the value of parameter key.
func (u ChannelURI) Get(key string) (string, bool) {
	for _, p := range u.params {
		if p.key == key {
			return p.value, true
		}
	}
	return "", false
}

// With returns a copy of u with parameter key set to value (replacing an
// existing value in place, else appended).
func (u ChannelURI) With(key, value string) ChannelURI {
	params := make([]channelParam, 0, len(u.params)+1)
	replaced := false
	for _, p := range u.params {
		if p.key == key {
			p.value, replaced = value, true
		}
		params = append(params, p)
	}
	if !replaced {
		params = append(params, channelParam{key, value})
	}
	u.params = params
	return u
}

// Without returns a copy of u without parameter key.
func (u ChannelURI) Without(key string) ChannelURI {
	params := make([]channelParam, 0, len(u.params))
	for _, p := range u.params {
		if p.key != key {
			params = append(params, p)
		}
	}
	u.params = params
	return u
}

// String formats the URI as Aeron expects it.
func (u ChannelURI) String() string {
	var b strings.Builder
	if u.Prefix != "" {
		b.WriteString(u.Prefix)
		b.WriteByte(':')
	}
	b.WriteString("aeron:")
	b.WriteString(u.Media)
	for i, p := range u.params {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('|')
		}
		b.WriteString(p.key)
		b.WriteByte('=')
		b.WriteString(p.value)
	}
	return b.String()
}
