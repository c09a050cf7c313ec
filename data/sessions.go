package data

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/geo"
)

// Web sessions. The cookie carries a random 256-bit value; the database
// keeps only its SHA-256 and the session's CSRF token. A session ends after
// SessionIdle without a request, or SessionMax after login, whichever is
// first.
const (
	SessionIdle = 30 * time.Minute
	SessionMax  = 12 * time.Hour
	// sessionTouchEvery: last_seen is written at most this often, so every
	// tile request is not a database write.
	sessionTouchEvery = time.Minute
)

// Session is a new web session: the cookie value (shown once) and the CSRF
// token the web map echoes in a header on unsafe requests.
type Session struct {
	Cookie string
	CSRF   string
}

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// CreateSession starts a session for user id at time now.
func (db *DB) CreateSession(ctx context.Context, userID int64, now time.Time) (Session, error) {
	var s Session
	var err error
	if s.Cookie, err = randomToken(); err != nil {
		return s, err
	}
	if s.CSRF, err = randomToken(); err != nil {
		return s, err
	}
	sum := sha256.Sum256([]byte(s.Cookie))
	_, err = db.Pool.Exec(ctx, `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen, expires_at)
		VALUES ($1, $2, $3, $4, $4, $5)`, sum[:], userID, s.CSRF, now, now.Add(SessionMax))
	return s, Classify(err)
}

// SessionPrincipal resolves a session cookie at time now to its user's
// principal and the session's CSRF token. Unknown, idle, expired sessions
// and disabled users give (nil, "", nil): the caller is anonymous.
func (db *DB) SessionPrincipal(ctx context.Context, cookie string, now time.Time) (*geo.Principal, string, error) {
	if cookie == "" || len(cookie) > 100 {
		return nil, "", nil
	}
	sum := sha256.Sum256([]byte(cookie))
	p := &geo.Principal{}
	var role, csrf string
	var area *string
	var lastSeen time.Time
	err := db.Pool.QueryRow(ctx, `SELECT u.id, u.username, u.role, u.area_code, s.csrf_token, s.last_seen
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id_hash = $1 AND s.last_seen > $2 AND s.expires_at > $3 AND NOT u.disabled`,
		sum[:], now.Add(-SessionIdle), now).Scan(&p.UserID, &p.Name, &role, &area, &csrf, &lastSeen)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", nil
	} else if err != nil {
		return nil, "", Classify(err)
	}
	p.Role = geo.Role(role)
	if area != nil {
		p.AreaCode = *area
	}
	if now.Sub(lastSeen) >= sessionTouchEvery {
		if _, err := db.Pool.Exec(ctx, `UPDATE sessions SET last_seen = $2 WHERE id_hash = $1`, sum[:], now); err != nil {
			return nil, "", Classify(err)
		}
	}
	return p, csrf, nil
}

// EndSession deletes the session of cookie (logout). Unknown cookies are
// not an error.
func (db *DB) EndSession(ctx context.Context, cookie string) error {
	sum := sha256.Sum256([]byte(cookie))
	_, err := db.Pool.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, sum[:])
	return Classify(err)
}

// PurgeSessions deletes sessions that are idle or expired at now.
func (db *DB) PurgeSessions(ctx context.Context, now time.Time) (int64, error) {
	tag, err := db.Pool.Exec(ctx, `DELETE FROM sessions WHERE last_seen <= $1 OR expires_at <= $2`, now.Add(-SessionIdle), now)
	return tag.RowsAffected(), Classify(err)
}
