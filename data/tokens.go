package data

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/geo"
)

// TokenPrefix starts every bearer token, so leaked tokens are easy to spot.
const TokenPrefix = "pnt_"

// NewToken describes a bearer token to create.
type NewToken struct {
	Name     string
	Role     geo.Role
	AreaCode string // "" for all areas
	UserID   int64  // 0: a machine token not tied to a user
	Expires  time.Time
	Audit    *AuditEntry // when set, written in the token's transaction (resource token/<id>)
}

// CreateToken stores the SHA-256 of a new random token and returns the token
// itself, which is shown once and never stored.
func (db *DB) CreateToken(ctx context.Context, t NewToken) (string, int64, error) {
	if _, err := geo.ParseRole(string(t.Role)); err != nil {
		return "", 0, err
	}
	if t.AreaCode != "" {
		if _, err := geo.LevelOf(t.AreaCode); err != nil {
			return "", 0, err
		}
	}
	if t.Name == "" {
		t.Name = string(t.Role) + "-token"
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", 0, err
	}
	token := TokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(token))
	var expires *time.Time
	if !t.Expires.IsZero() {
		expires = &t.Expires
	}
	var userID *int64
	if t.UserID != 0 {
		userID = &t.UserID
	}
	var area *string
	if t.AreaCode != "" {
		area = &t.AreaCode
	}
	var id int64
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO tokens (user_id, name, role, area_code, token_hash, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, userID, t.Name, string(t.Role), area, sum[:], expires).Scan(&id)
		if err != nil {
			return err
		}
		return auditWith(ctx, tx, t.Audit, "token", id)
	})
	if err != nil {
		return "", 0, Classify(err)
	}
	return token, id, nil
}

// tokenTouchEvery: last_used_at is written at most this often, so a burst
// of tile requests is not a burst of writes.
const tokenTouchEvery = time.Minute

// Authenticate resolves a bearer token to its principal. Unknown, revoked and
// expired tokens, and tokens of a disabled user, all give the same
// EUNAUTHORIZED error. last_used_at is
// kept to the minute.
func (db *DB) Authenticate(ctx context.Context, token string) (*geo.Principal, error) {
	unauthorized := geo.RAuthBadToken.Errorf("The token is not valid.")
	if !strings.HasPrefix(token, TokenPrefix) || len(token) > 100 {
		return nil, unauthorized
	}
	sum := sha256.Sum256([]byte(token))
	p := &geo.Principal{}
	var role string
	var area *string
	var userID *int64
	var stale bool
	err := db.Pool.QueryRow(ctx, `SELECT id, user_id, name, role, area_code,
			last_used_at IS NULL OR last_used_at < now() - $2::interval
		FROM tokens t
		WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
		  AND NOT EXISTS (SELECT FROM users u WHERE u.id = t.user_id AND u.disabled)`,
		sum[:], tokenTouchEvery).Scan(&p.TokenID, &userID, &p.Name, &role, &area, &stale)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, unauthorized
	} else if err != nil {
		return nil, Classify(err)
	}
	if stale {
		if _, err := db.Pool.Exec(ctx, `UPDATE tokens SET last_used_at = now() WHERE id = $1`, p.TokenID); err != nil {
			return nil, Classify(err)
		}
	}
	p.Role = geo.Role(role)
	if area != nil {
		p.AreaCode = *area
	}
	if userID != nil {
		p.UserID = *userID
	}
	return p, nil
}

// RevokeToken revokes token id; an unknown or already revoked id is
// ENOTFOUND.
func (db *DB) RevokeToken(ctx context.Context, id int64) error {
	tag, err := db.Pool.Exec(ctx, `UPDATE tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, id)
	if err != nil {
		return Classify(err)
	}
	if tag.RowsAffected() == 0 {
		return geo.Errorf(geo.ENOTFOUND, "Token %d does not exist or is already revoked.", id)
	}
	return nil
}
