package data

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/geo"
)

// Login lockout: after MaxFailedLogins wrong passwords in a row an account
// refuses every login, right or wrong, for LockoutFor.
const (
	MaxFailedLogins = 5
	LockoutFor      = 10 * time.Minute
)

// NewUser describes a user to create. The password is hashed with argon2id;
// only the hash is stored.
type NewUser struct {
	Username    string // ^[a-z0-9._-]{2,64}$
	DisplayName string
	Password    string
	Role        geo.Role
	AreaCode    string      // officers: the kecamatan they work in; "" = all areas
	Audit       *AuditEntry // when set, written in the user's transaction (resource user/<id>)
}

// User is a stored user without the password hash.
type User struct {
	ID          int64      `json:"id"`
	Username    string     `json:"username"`
	DisplayName string     `json:"display_name,omitempty"`
	Role        geo.Role   `json:"role"`
	AreaCode    string     `json:"area_code,omitempty"`
	Disabled    bool       `json:"disabled"`
	LockedUntil *time.Time `json:"locked_until,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
}

var validUsername = regexp.MustCompile(`^[a-z0-9._-]{2,64}$`)

// CreateUser validates and stores u. An existing username is ECONFLICT; an
// area code that is not a known area is EINVALID on field area.
func (db *DB) CreateUser(ctx context.Context, u NewUser) (int64, error) {
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	if !validUsername.MatchString(u.Username) {
		return 0, geo.RUserBadName.FieldErrorf("username", "a username has 2 to 64 characters from a-z, 0-9, '.', '_' and '-'")
	}
	if _, err := geo.ParseRole(string(u.Role)); err != nil {
		return 0, err
	}
	if err := CheckPassword(u.Password); err != nil {
		return 0, err
	}
	var area *string
	if u.AreaCode != "" {
		if _, err := geo.LevelOf(u.AreaCode); err != nil {
			return 0, err
		}
		var ok bool
		if err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM areas WHERE code = $1)`, u.AreaCode).Scan(&ok); err != nil {
			return 0, Classify(err)
		}
		if !ok {
			return 0, geo.FieldErrorf(geo.EINVALID, "area", "no area has code %q (import the boundaries first)", u.AreaCode)
		}
		area = &u.AreaCode
	}
	hash, err := HashPassword(u.Password)
	if err != nil {
		return 0, err
	}
	var display *string
	if u.DisplayName != "" {
		display = &u.DisplayName
	}
	var id int64
	err = db.InTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO users (username, display_name, password_hash, role, area_code)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, u.Username, display, hash, string(u.Role), area).Scan(&id)
		if err != nil {
			return err
		}
		return auditWith(ctx, tx, u.Audit, "user", id)
	})
	if err != nil {
		err = Classify(err)
		if geo.ErrorCode(err) == geo.ECONFLICT {
			return 0, geo.RUserNameTaken.FieldErrorf("username", "the username %q is taken", u.Username)
		}
		return 0, err
	}
	return id, nil
}

// ListUsers returns every user, by username.
func (db *DB) ListUsers(ctx context.Context) ([]User, error) {
	rows, err := db.Pool.Query(ctx, `SELECT id, username, coalesce(display_name, ''), role, coalesce(area_code, ''),
		disabled, locked_until, created_at FROM users ORDER BY username`)
	if err != nil {
		return nil, Classify(err)
	}
	users, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (User, error) {
		var u User
		var role string
		err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.AreaCode, &u.Disabled, &u.LockedUntil, &u.CreatedAt)
		u.Role = geo.Role(role)
		return u, err
	})
	return users, Classify(err)
}

// LoginResult says how a login attempt ended, for the audit log.
type LoginResult string

const (
	LoginOK       LoginResult = "ok"
	LoginBadCreds LoginResult = "failed" // unknown user or wrong password
	LoginLocked   LoginResult = "locked" // too many failures; try later
	LoginDisabled LoginResult = "disabled"
)

// errLogin is the one answer every failed login gets, so a caller cannot
// tell unknown users, wrong passwords, locked and disabled accounts apart.
var errLogin = geo.RAuthBadCredentials.Errorf("The username or password is wrong, or the account is locked for a while after repeated failures.")

// CheckLogin verifies username and password at time now. Wrong passwords
// count towards the lockout; the MaxFailedLogins-th locks the account until
// now+LockoutFor. A locked account refuses even the right password. On
// success the failure count is reset and the user's principal returned.
// Every failure is the same EUNAUTHORIZED error; the LoginResult tells the
// audit log which kind it was.
func (db *DB) CheckLogin(ctx context.Context, username, password string, now time.Time) (*geo.Principal, LoginResult, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	if !validUsername.MatchString(username) {
		VerifyPassword(dummyHash, password)
		return nil, LoginBadCreds, errLogin
	}
	var (
		p      *geo.Principal
		result LoginResult
	)
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		var (
			id            int64
			hash, role    string
			display, area *string
			failed        int
			lockedUntil   *time.Time
			disabled      bool
		)
		err := tx.QueryRow(ctx, `SELECT id, password_hash, role, display_name, area_code, failed_logins, locked_until, disabled
			FROM users WHERE username = $1 FOR UPDATE`, username).
			Scan(&id, &hash, &role, &display, &area, &failed, &lockedUntil, &disabled)
		if errors.Is(err, pgx.ErrNoRows) {
			VerifyPassword(dummyHash, password)
			result = LoginBadCreds
			return nil
		} else if err != nil {
			return err
		}
		switch {
		case disabled:
			VerifyPassword(dummyHash, password)
			result = LoginDisabled
			return nil
		case lockedUntil != nil && lockedUntil.After(now):
			VerifyPassword(dummyHash, password)
			result = LoginLocked
			return nil
		}
		if !VerifyPassword(hash, password) {
			failed++
			result = LoginBadCreds
			var lock *time.Time
			if failed >= MaxFailedLogins {
				t := now.Add(LockoutFor)
				lock, failed, result = &t, 0, LoginLocked
			}
			_, err := tx.Exec(ctx, `UPDATE users SET failed_logins = $2, locked_until = $3 WHERE id = $1`, id, failed, lock)
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, id); err != nil {
			return err
		}
		result = LoginOK
		p = &geo.Principal{UserID: id, Name: username, Role: geo.Role(role)}
		if area != nil {
			p.AreaCode = *area
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	if result != LoginOK {
		return nil, result, errLogin
	}
	return p, result, nil
}

// UserProfile is what /auth/me shows about a user.
type UserProfile struct {
	DisplayName string
	AreaName    string
}

// GetUserProfile returns the display name of user id and the name of the
// area it is scoped to ("" when none).
func (db *DB) GetUserProfile(ctx context.Context, id int64) (UserProfile, error) {
	var p UserProfile
	err := db.Pool.QueryRow(ctx, `SELECT coalesce(u.display_name, ''), coalesce(a.name, '')
		FROM users u LEFT JOIN areas a ON a.code = u.area_code WHERE u.id = $1`, id).Scan(&p.DisplayName, &p.AreaName)
	return p, Classify(err)
}

// AreaName returns the name of the area with code ("" when unknown).
func (db *DB) AreaName(ctx context.Context, code string) (string, error) {
	var name string
	err := db.Pool.QueryRow(ctx, `SELECT name FROM areas WHERE code = $1`, code).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return name, Classify(err)
}
