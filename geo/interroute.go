package geo

// Moves between teams that keep the loads balanced: exchanging one stop of
// a team for one of another (sizes unchanged), and relocating a stop from a
// team with one stop more to a team with one stop fewer (the sizes swap).
// Each accepted move shortens the total travel time; the two routes it
// touches are then re-optimised (2-opt + Or-opt).

// improveBetween applies such moves to orders (matrix indices, depot 0)
// until none shortens the total or a round limit is reached.
func improveBetween(m *CostMatrix, orders [][]int, closed bool) {
	const eps = 1e-3
	for round := 0; round < 25; round++ {
		moved := false
		for a := range orders {
			for b := range orders {
				if a == b {
					continue
				}
				if a < b && exchangeOnce(m, orders[a], orders[b], closed, eps) {
					Improve(m, 0, orders[a], closed)
					Improve(m, 0, orders[b], closed)
					moved = true
				}
				if len(orders[a]) == len(orders[b])+1 {
					if na, nb, ok := relocateOnce(m, orders[a], orders[b], closed, eps); ok {
						orders[a], orders[b] = na, nb
						Improve(m, 0, orders[a], closed)
						Improve(m, 0, orders[b], closed)
						moved = true
					}
				}
			}
		}
		if !moved {
			return
		}
	}
}

// neighbours returns the places before and after position i of order
// (-1 after the last stop of an open route).
func neighbours(order []int, i int, closed bool) (prev, next int) {
	prev, next = 0, -1
	if i > 0 {
		prev = order[i-1]
	}
	if i+1 < len(order) {
		next = order[i+1]
	} else if closed {
		next = 0
	}
	return prev, next
}

func cost(m *CostMatrix, a, b int) float64 {
	if a == -1 || b == -1 {
		return 0
	}
	return m.Seconds(a, b)
}

// replaceDelta is the change in travel time when order[i] becomes s.
func replaceDelta(m *CostMatrix, order []int, i, s int, closed bool) float64 {
	prev, next := neighbours(order, i, closed)
	old := order[i]
	return cost(m, prev, s) + cost(m, s, next) - cost(m, prev, old) - cost(m, old, next)
}

// exchangeOnce swaps the first pair (a[i], b[j]) that shortens the total.
func exchangeOnce(m *CostMatrix, a, b []int, closed bool, eps float64) bool {
	for i := range a {
		for j := range b {
			if replaceDelta(m, a, i, b[j], closed)+replaceDelta(m, b, j, a[i], closed) < -eps {
				a[i], b[j] = b[j], a[i]
				return true
			}
		}
	}
	return false
}

// relocateOnce moves the first stop of a whose best insertion into b
// shortens the total; it returns the new orders.
func relocateOnce(m *CostMatrix, a, b []int, closed bool, eps float64) ([]int, []int, bool) {
	for i, s := range a {
		prev, next := neighbours(a, i, closed)
		gain := cost(m, prev, s) + cost(m, s, next) - cost(m, prev, next)
		for k := 0; k <= len(b); k++ { // insert before b[k]
			x, y := 0, -1
			if k > 0 {
				x = b[k-1]
			}
			if k < len(b) {
				y = b[k]
			} else if closed {
				y = 0
			}
			if cost(m, x, s)+cost(m, s, y)-cost(m, x, y)-gain < -eps {
				na := append(append([]int(nil), a[:i]...), a[i+1:]...)
				nb := append(append(append([]int(nil), b[:k]...), s), b[k:]...)
				return na, nb, true
			}
		}
	}
	return nil, nil, false
}
