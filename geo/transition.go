package geo

import (
	"fmt"
	"time"
)

// This file holds the rule semantics, once, as pure functions. The database
// evaluates the same semantics set-based in triggers (migration
// 0400_alerts.sql, functions pantau_stay_events, pantau_accommodation_events
// and pantau_count_step); a test runs both on one table of cases.
//
// Dates are calendar days in WIB (see Clock.Today).

// StayView is what the rules see of one version of a stay relative to one
// fence rule. Inside means: the stay's point is covered by the fence
// (boundary counts as inside), the fence is active and the stay passes the
// rule's nationality and permit filters.
type StayView struct {
	Inside       bool
	Departure    *time.Time // nil: open (no departure reported)
	PermitExpiry *time.Time // nil: no expiry
}

// Present reports whether the stay counts as present inside on today: inside
// and not departed before today (the day of departure counts, as in Filter).
// A stay reported ahead of its arrival is present from its report on.
func (v *StayView) Present(today time.Time) bool {
	return v != nil && v.Inside && (v.Departure == nil || !v.Departure.Before(today))
}

// StayEvents returns the rules a stay transition fires, in the order
// stay_started, stay_ended, overstay. old is nil for a newly reported stay,
// new is nil for a deleted one (which fires nothing).
//
//   - stay_started: present inside now and not before (so a stay first
//     reported already inside fires; a late report of a stay that left
//     before today does not, and nor does a repeated report).
//   - stay_ended: a departure is reported for a stay that was inside with
//     none and is still inside.
//   - overstay: present inside with a permit that expired before today.
//     The scheduler evaluates it again every day with old == new.
//
// Repeats are harmless: every alert has an idempotency key (AlertKey), so
// a rule that fires twice for the same stay, fence and period raises one
// alert.
func StayEvents(old, new *StayView, today time.Time) []string {
	if new == nil {
		return nil
	}
	var out []string
	if new.Present(today) && !old.Present(today) {
		out = append(out, RuleStayStarted)
	}
	if old != nil && old.Inside && old.Departure == nil && new.Inside && new.Departure != nil {
		out = append(out, RuleStayEnded)
	}
	if new.Present(today) && new.PermitExpiry != nil && new.PermitExpiry.Before(today) {
		out = append(out, RuleOverstay)
	}
	return out
}

// AccommodationView is what the unregistered_accommodation rule sees of one
// version of an accommodation relative to one fence.
type AccommodationView struct {
	Inside         bool
	APOARegistered bool
}

// AccommodationEvents fires unregistered_accommodation when an accommodation
// inside is not APOA-registered and was not so before (new, moved in, or
// its registration withdrawn).
func AccommodationEvents(old, new *AccommodationView) []string {
	if new == nil || !new.Inside || new.APOARegistered {
		return nil
	}
	if old != nil && old.Inside && !old.APOARegistered {
		return nil
	}
	return []string{RuleUnregistered}
}

// CountStep is the count_above state machine with hysteresis. Given whether
// the fence was above, the present count and the rule's threshold and band,
// it returns whether to fire and the new state: fire when count > threshold
// while not above; re-arm (above = false) when count <= threshold − band.
// Each firing opens a new episode, which is part of the alert's key.
func CountStep(above bool, count, threshold, band int) (fire, nowAbove bool) {
	switch {
	case !above && count > threshold:
		return true, true
	case above && count <= threshold-band:
		return false, false
	}
	return false, above
}

// AlertKey is an alert's idempotency key: rule + subject (stay or
// accommodation, or the fence itself for counts) + fence + period. The
// period is the stay for stay_started and stay_ended, the permit expiry for
// overstay (an extended permit that expires again is a new overstay), and
// "n<threshold>:e<episode>" for count_above. The SQL triggers build the
// same strings.
func AlertKey(rule string, stayID, accommodationID, fenceID int64, period string) string {
	switch {
	case stayID != 0:
		return fmt.Sprintf("%s:stay:%d:fence:%d:%s", rule, stayID, fenceID, period)
	case accommodationID != 0:
		return fmt.Sprintf("%s:accommodation:%d:fence:%d:%s", rule, accommodationID, fenceID, period)
	}
	return fmt.Sprintf("%s:fence:%d:%s", rule, fenceID, period)
}
