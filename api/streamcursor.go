package api

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/binary"
	"errors"
)

// StreamCursor turns outbox ids into the alert stream's event ids and back.
// An event id is the outbox id encrypted with AES (one block: the id and
// eight zero bytes) under the database's stream key, in base64url: 22
// characters that say nothing of how many events lie between two of them —
// those a scoped caller does not see included — and that only this
// service can read back for Last-Event-ID. A changed id fails the zero
// check and is refused.
type StreamCursor struct{ block cipher.Block }

// NewStreamCursor returns the codec for key (16, 24 or 32 bytes; longer
// keys are cut to 32).
func NewStreamCursor(key []byte) (*StreamCursor, error) {
	if len(key) > 32 {
		key = key[:32]
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return &StreamCursor{block: b}, nil
}

// Encode returns the event id of outbox id n.
func (c *StreamCursor) Encode(n int64) string {
	var in, out [aes.BlockSize]byte
	binary.BigEndian.PutUint64(in[:8], uint64(n))
	c.block.Encrypt(out[:], in[:])
	return base64.RawURLEncoding.EncodeToString(out[:])
}

// errCursor is a Last-Event-ID this service did not issue.
var errCursor = errors.New("not an event id of this stream")

// Decode returns the outbox id of event id s.
func (c *StreamCursor) Decode(s string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != aes.BlockSize {
		return 0, errCursor
	}
	var out [aes.BlockSize]byte
	c.block.Decrypt(out[:], b)
	if binary.BigEndian.Uint64(out[8:]) != 0 {
		return 0, errCursor
	}
	n := int64(binary.BigEndian.Uint64(out[:8]))
	if n < 0 {
		return 0, errCursor
	}
	return n, nil
}
