package importer

import (
	"sort"

	"pantau/geo"
)

func sortRejects(r []geo.Reject) {
	sort.SliceStable(r, func(i, j int) bool { return r[i].N < r[j].N })
}
