package demo

// The demo gazetteer: the desa of kecamatan Cipanas (32.03.28), Pacet
// (32.03.10), Sukaresmi (32.03.13), Cugenang (32.03.11) and Bojongpicung
// (32.03.06) of Kabupaten Cianjur (32.03) — Kemendagri codes, names, and one
// approximate point inside each desa (EPSG:4326, rounded to 0.001°, about
// 100 m). These are facts; the demo derives approximate boundaries from the
// points (see demoboundaries.go), and `pantau import boundaries` replaces
// them with real ones.

// GazetteerDesa is one desa of the demo gazetteer.
type GazetteerDesa struct {
	Code     string
	Name     string
	Lat, Lon float64
}

// GazetteerKabupaten is the kabupaten of the demo area.
const GazetteerKabupaten, GazetteerKabupatenName = "32.03", "Cianjur"

// GazetteerKecamatan names the kecamatan of the demo area by code.
var GazetteerKecamatan = map[string]string{
	"32.03.06": "Bojongpicung",
	"32.03.10": "Pacet",
	"32.03.11": "Cugenang",
	"32.03.13": "Sukaresmi",
	"32.03.28": "Cipanas",
}

// Gazetteer lists the desa of the demo area in code order.
var Gazetteer = []GazetteerDesa{
	{"32.03.06.2001", "Hegarmanah", -6.832, 107.276},
	{"32.03.06.2002", "Bojongpicung", -6.854, 107.264},
	{"32.03.06.2004", "Cibarengkok", -6.873, 107.255},
	{"32.03.06.2006", "Kemang", -6.903, 107.281},
	{"32.03.06.2007", "Sukajaya", -6.893, 107.224},
	{"32.03.06.2008", "Jati", -6.858, 107.245},
	{"32.03.06.2009", "Cikondang", -6.878, 107.219},
	{"32.03.06.2010", "Sukarama", -6.918, 107.229},
	{"32.03.06.2012", "Sukaratu", -6.866, 107.278},
	{"32.03.06.2013", "Neglasari", -6.844, 107.280},
	{"32.03.06.2014", "Jatisari", -6.885, 107.243},
	{"32.03.10.2001", "Ciherang", -6.771, 107.009},
	{"32.03.10.2003", "Cibodas", -6.731, 107.066},
	{"32.03.10.2005", "Sukanagalih", -6.699, 107.052},
	{"32.03.10.2007", "Cipendawa", -6.760, 107.016},
	{"32.03.10.2010", "Ciputri", -6.774, 107.057},
	{"32.03.10.2012", "Gadog", -6.730, 107.049},
	{"32.03.10.2013", "Sukatani", -6.750, 107.024},
	{"32.03.11.2001", "Sukamanah", -6.806, 107.107},
	{"32.03.11.2002", "Gasol", -6.812, 107.100},
	{"32.03.11.2003", "Cijedil", -6.787, 107.085},
	{"32.03.11.2004", "Cibeureum", -6.786, 107.068},
	{"32.03.11.2005", "Nyalindung", -6.791, 107.059},
	{"32.03.11.2006", "Mangunkerta", -6.801, 107.061},
	{"32.03.11.2007", "Sarampad", -6.808, 107.060},
	{"32.03.11.2008", "Talaga", -6.818, 107.072},
	{"32.03.11.2009", "Sukajaya", -6.838, 107.084},
	{"32.03.11.2010", "Cibulakan", -6.825, 107.100},
	{"32.03.11.2011", "Benjot", -6.816, 107.090},
	{"32.03.11.2012", "Sukamulya", -6.794, 107.026},
	{"32.03.11.2013", "Wangunjaya", -6.781, 107.104},
	{"32.03.11.2014", "Cirumput", -6.815, 107.048},
	{"32.03.11.2015", "Padaluyu", -6.820, 107.044},
	{"32.03.11.2016", "Galudra", -6.782, 107.040},
	{"32.03.13.2001", "Cikanyere", -6.739, 107.094},
	{"32.03.13.2002", "Cikancana", -6.706, 107.134},
	{"32.03.13.2003", "Ciwalen", -6.709, 107.084},
	{"32.03.13.2004", "Kawungluwuk", -6.723, 107.082},
	{"32.03.13.2005", "Cibadak", -6.702, 107.065},
	{"32.03.13.2006", "Sukamahi", -6.690, 107.126},
	{"32.03.13.2007", "Sukaresmi", -6.732, 107.131},
	{"32.03.13.2008", "Cibanteng", -6.685, 107.083},
	{"32.03.13.2009", "Kubang", -6.692, 107.105},
	{"32.03.13.2010", "Pakuon", -6.752, 107.076},
	{"32.03.13.2011", "Rawabelut", -6.677, 107.058},
	{"32.03.28.2001", "Cipanas", -6.734, 107.036},
	{"32.03.28.2002", "Cimacan", -6.749, 106.987},
	{"32.03.28.2003", "Ciloto", -6.713, 107.005},
	{"32.03.28.2004", "Sindanglaya", -6.727, 107.045},
	{"32.03.28.2005", "Batulawang", -6.682, 107.025},
	{"32.03.28.2006", "Palasari", -6.712, 107.033},
	{"32.03.28.2007", "Sindangjaya", -6.755, 107.000},
}
