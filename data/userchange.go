package data

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"pantau/geo"
)

// UserChange is an administrator's change to a user; nil fields stay as
// they are. AreaCode "" means all areas.
type UserChange struct {
	DisplayName *string
	Role        *geo.Role
	AreaCode    *string
	Disabled    *bool
	Password    *string     // a new password: also lifts a lockout
	Audit       *AuditEntry // when set, written in the change's transaction (resource user/<id>)
}

// UserChangeResult is the user after the change and what the change ended.
type UserChangeResult struct {
	User          User  `json:"user"`
	SessionsEnded int64 `json:"sessions_ended"`
	TokensRevoked int64 `json:"tokens_revoked"`
}

// UpdateUser applies c to user id in one transaction. What the user could do
// before ends with the change that takes it away: disabling a user or
// setting a new password ends their web sessions; disabling a user or
// changing their role or area revokes their bearer tokens (a token carries
// the role and area it was made with). The last enabled admin cannot be
// disabled or given another role (ECONFLICT). Unknown id: ENOTFOUND.
func (db *DB) UpdateUser(ctx context.Context, id int64, c UserChange) (UserChangeResult, error) {
	var res UserChangeResult
	if c.Role != nil {
		if _, err := geo.ParseRole(string(*c.Role)); err != nil {
			return res, err
		}
	}
	var hash *string
	if c.Password != nil {
		if err := CheckPassword(*c.Password); err != nil {
			return res, err
		}
		h, err := HashPassword(*c.Password)
		if err != nil {
			return res, err
		}
		hash = &h
	}
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		// Admin changes are serialised, so two cannot each remove "the other" last admin.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('pantau users'))`); err != nil {
			return err
		}
		var before User
		var role string
		err := tx.QueryRow(ctx, `SELECT id, username, coalesce(display_name, ''), role, coalesce(area_code, ''), disabled
			FROM users WHERE id = $1 FOR UPDATE`, id).Scan(&before.ID, &before.Username, &before.DisplayName, &role, &before.AreaCode, &before.Disabled)
		if errors.Is(err, pgx.ErrNoRows) {
			return geo.RUserNotFound.Errorf("User %d does not exist.", id)
		} else if err != nil {
			return err
		}
		before.Role = geo.Role(role)
		if c.AreaCode != nil && *c.AreaCode != "" {
			if _, err := geo.LevelOf(*c.AreaCode); err != nil {
				return err
			}
			var ok bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM areas WHERE code = $1)`, *c.AreaCode).Scan(&ok); err != nil {
				return err
			}
			if !ok {
				return geo.FieldErrorf(geo.EINVALID, "area_code", "no area has code %q", *c.AreaCode)
			}
		}
		var area *string
		if c.AreaCode != nil && *c.AreaCode != "" {
			area = c.AreaCode
		}
		var newRole *string
		if c.Role != nil {
			r := string(*c.Role)
			newRole = &r
		}
		var u User
		err = tx.QueryRow(ctx, `UPDATE users SET
			  display_name = CASE WHEN $2::boolean THEN nullif($3, '') ELSE display_name END,
			  role = coalesce($4, role),
			  area_code = CASE WHEN $5::boolean THEN $6 ELSE area_code END,
			  disabled = coalesce($7, disabled),
			  password_hash = coalesce($8, password_hash),
			  failed_logins = CASE WHEN $8::text IS NULL THEN failed_logins ELSE 0 END,
			  locked_until = CASE WHEN $8::text IS NULL THEN locked_until END
			WHERE id = $1
			RETURNING id, username, coalesce(display_name, ''), role, coalesce(area_code, ''), disabled, locked_until, created_at`,
			id, c.DisplayName != nil, deref(c.DisplayName), newRole, c.AreaCode != nil, area, c.Disabled, hash).
			Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.AreaCode, &u.Disabled, &u.LockedUntil, &u.CreatedAt)
		if err != nil {
			return err
		}
		u.Role = geo.Role(role)
		res.User = u
		if before.Role == geo.RoleAdmin && !before.Disabled && (u.Role != geo.RoleAdmin || u.Disabled) {
			var admins int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled`).Scan(&admins); err != nil {
				return err
			}
			if admins == 0 {
				return geo.RUserLastAdmin.Errorf("User %s is the last enabled admin; make another admin first.", u.Username)
			}
		}
		if u.Disabled || c.Password != nil {
			tag, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, id)
			if err != nil {
				return err
			}
			res.SessionsEnded = tag.RowsAffected()
		}
		if u.Disabled || u.Role != before.Role || u.AreaCode != before.AreaCode {
			tag, err := tx.Exec(ctx, `UPDATE tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, id)
			if err != nil {
				return err
			}
			res.TokensRevoked = tag.RowsAffected()
		}
		return auditWith(ctx, tx, c.Audit, "user", id)
	})
	return res, Classify(err)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
