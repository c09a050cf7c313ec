package data

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"pantau/geo"
)

// Password hashing: argon2id with the OWASP minimum parameters (19 MiB of
// memory, 2 passes, 1 lane; about 30 ms on one core), stored as a PHC
// string "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" so the parameters
// can be raised later without invalidating stored hashes.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

// Password length bounds, in bytes. The upper bound keeps hashing cheap
// for an attacker's 1 MB "password".
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// CheckPassword validates a new password's length.
func CheckPassword(pw string) error {
	if len(pw) < MinPasswordLen {
		return geo.RUserBadPassword.FieldErrorf("password", "the password must have at least %d characters", MinPasswordLen)
	}
	if len(pw) > MaxPasswordLen {
		return geo.RUserBadPassword.FieldErrorf("password", "the password may have at most %d characters", MaxPasswordLen)
	}
	return nil
}

// HashPassword returns the argon2id PHC string of pw with a random salt.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches the PHC string, in constant
// time with respect to the key. Malformed hashes never match.
func VerifyPassword(phc, pw string) bool {
	if len(pw) > MaxPasswordLen {
		return false
	}
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || m > 1<<20 || t == 0 || t > 16 || p == 0 {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when a username does not exist, so a
// failed login takes as long for unknown users as for known ones.
var dummyHash, _ = HashPassword("pantau-no-such-user-password")
