package geo_test

import (
	"testing"

	"pantau/geo"
)

func TestLevelOfAndParent(t *testing.T) {
	cases := []struct {
		code, parent string
		level        geo.Level
		bad          bool
	}{
		{code: "32.03", level: geo.LevelKabupaten},
		{code: "32.03.29", level: geo.LevelKecamatan, parent: "32.03"},
		{code: "32.03.29.2001", level: geo.LevelDesa, parent: "32.03.29"},
		{code: "32.3.29", bad: true},
		{code: "32.03.29.201", bad: true},
		{code: "", bad: true},
		{code: "32.03.29.2001 OR 1=1", bad: true},
	}
	for _, c := range cases {
		lvl, err := geo.LevelOf(c.code)
		if c.bad {
			if err == nil {
				t.Errorf("%q accepted", c.code)
			}
			continue
		}
		if err != nil || lvl != c.level || geo.ParentCode(c.code) != c.parent {
			t.Errorf("%q: level %q parent %q err %v", c.code, lvl, geo.ParentCode(c.code), err)
		}
	}
}
