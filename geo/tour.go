package geo

// Route ordering for one team. Places are indices into a CostMatrix; the
// depot (start point) is one of them. A route leaves the depot, visits its
// stops in order and, when closed, returns to the depot. Ordering minimises
// travel seconds (with the geodesic router, seconds are proportional to
// metres, so the shortest route is also the fastest).

// RouteSeconds is the travel time of depot → order… (→ depot when closed).
func RouteSeconds(m *CostMatrix, depot int, order []int, closed bool) float64 {
	return routeCost(m.Seconds, depot, order, closed)
}

// RouteMetres is the length of depot → order… (→ depot when closed).
func RouteMetres(m *CostMatrix, depot int, order []int, closed bool) float64 {
	return routeCost(m.Metres, depot, order, closed)
}

func routeCost(c func(i, j int) float64, depot int, order []int, closed bool) float64 {
	if len(order) == 0 {
		return 0
	}
	sum, prev := 0.0, depot
	for _, p := range order {
		sum += c(prev, p)
		prev = p
	}
	if closed {
		sum += c(prev, depot)
	}
	return sum
}

// NearestNeighbour orders stops greedily: from the depot, always drive to
// the closest (by seconds) stop not yet visited; ties go to the stop listed
// first. It returns a new slice.
func NearestNeighbour(m *CostMatrix, depot int, stops []int) []int {
	left := append([]int(nil), stops...)
	order := make([]int, 0, len(stops))
	cur := depot
	for len(left) > 0 {
		best := 0
		for k := 1; k < len(left); k++ {
			if m.Seconds(cur, left[k]) < m.Seconds(cur, left[best]) {
				best = k
			}
		}
		cur = left[best]
		order = append(order, cur)
		left = append(left[:best], left[best+1:]...)
	}
	return order
}

// TwoOpt improves order in place by 2-opt: it reverses a stretch of stops
// whenever that shortens the route (by more than a millisecond), until no
// reversal does. The depot stays first. Only strict improvements are taken,
// so the result is never longer than the input. Asymmetric matrices are
// handled by pricing the reversed stretch in full.
func TwoOpt(m *CostMatrix, depot int, order []int, closed bool) {
	n := len(order)
	if n < 2 {
		return
	}
	sym := m.symmetric()
	at := func(k int) int { // route position k: 0 = depot, 1..n = stops, n+1 = depot when closed
		if k == 0 || k == n+1 {
			return depot
		}
		return order[k-1]
	}
	const eps = 1e-3
	for pass := 0; pass < 10*n+100; pass++ {
		improved := false
		for i := 1; i < n; i++ {
			for j := i + 1; j <= n; j++ {
				a, b, c := at(i-1), at(i), at(j)
				var delta float64
				if j < n || closed {
					d := at(j + 1)
					delta = m.Seconds(a, c) + m.Seconds(b, d) - m.Seconds(a, b) - m.Seconds(c, d)
				} else { // open route: the last stop is the end
					delta = m.Seconds(a, c) - m.Seconds(a, b)
				}
				if !sym {
					for k := i; k < j; k++ {
						delta += m.Seconds(at(k+1), at(k)) - m.Seconds(at(k), at(k+1))
					}
				}
				if delta < -eps {
					for l, r := i-1, j-1; l < r; l, r = l+1, r-1 {
						order[l], order[r] = order[r], order[l]
					}
					improved = true
				}
			}
		}
		if !improved {
			return
		}
	}
}

func (m *CostMatrix) symmetric() bool {
	for i := 0; i < m.N; i++ {
		for j := i + 1; j < m.N; j++ {
			if m.Seconds(i, j) != m.Seconds(j, i) {
				return false
			}
		}
	}
	return true
}

// OrOpt improves order in place by moving a run of one to three
// consecutive stops elsewhere in the route (keeping its direction) whenever
// that shortens the route by more than a millisecond, until no move does.
// Only strict improvements are taken. Correct for asymmetric costs.
func OrOpt(m *CostMatrix, depot int, order []int, closed bool) bool {
	const eps = 1e-3
	const end = -1 // open route: the free end, reached at no cost
	c := func(a, b int) float64 {
		if b == end {
			return 0
		}
		return m.Seconds(a, b)
	}
	n := len(order)
	improved := false
	for pass := 0; pass < 10*n+100; pass++ {
		moved := false
		for seg := 1; seg <= 3 && seg < n; seg++ {
			for i := 0; i+seg <= n; i++ {
				prev, next := depot, end
				if i > 0 {
					prev = order[i-1]
				}
				if i+seg < n {
					next = order[i+seg]
				} else if closed {
					next = depot
				}
				first, last := order[i], order[i+seg-1]
				gain := c(prev, first) + c(last, next) - c(prev, next)
				rest := func(k int) int { // the route without the run
					if k < i {
						return order[k]
					}
					return order[k+seg]
				}
				for k := 0; k <= n-seg; k++ { // insert before rest(k)
					if k == i {
						continue
					}
					x, y := depot, end
					if k > 0 {
						x = rest(k - 1)
					}
					if k < n-seg {
						y = rest(k)
					} else if closed {
						y = depot
					}
					if c(x, first)+c(last, y)-c(x, y)-gain < -eps {
						run := append([]int(nil), order[i:i+seg]...)
						without := append(append([]int(nil), order[:i]...), order[i+seg:]...)
						copy(order, append(append(append([]int(nil), without[:k]...), run...), without[k:]...))
						moved, improved = true, true
						break
					}
				}
			}
		}
		if !moved {
			return improved
		}
	}
	return improved
}

// Improve runs 2-opt and Or-opt alternately until neither shortens the
// route. The result is never longer than the input.
func Improve(m *CostMatrix, depot int, order []int, closed bool) {
	for round := 0; round < 50; round++ {
		TwoOpt(m, depot, order, closed)
		if !OrOpt(m, depot, order, closed) {
			return
		}
	}
}
