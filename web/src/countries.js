// countries.js — nationalities typed as people say them: ISO 3166-1
// alpha-3 codes (SAU) or country names in Indonesian or English ("Arab
// Saudi", "Saudi Arabia", "saudi"), as the filter and the API want codes.
// Names come from the browser's own Intl.DisplayNames (no list to keep up
// to date); the table below maps each alpha-3 code to its alpha-2 code,
// which Intl names (ISO 3166-1 codes are facts, taken from Debian's
// iso-codes).

const PAIRS =
  'ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASMAS ATAAQ ATFTF ATGAG AUSAU AUTAT ' +
  'AZEAZ BDIBI BELBE BENBJ BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL BLRBY BLZBZ BMUBM BOLBO ' +
  'BRABR BRBBB BRNBN BTNBT BVTBV BWABW CAFCF CANCA CCKCC CHECH CHLCL CHNCN CIVCI CMRCM CODCD COGCG ' +
  'COKCK COLCO COMKM CPVCV CRICR CUBCU CUWCW CXRCX CYMKY CYPCY CZECZ DEUDE DJIDJ DMADM DNKDK DOMDO ' +
  'DZADZ ECUEC EGYEG ERIER ESHEH ESPES ESTEE ETHET FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB ' +
  'GEOGE GGYGG GHAGH GIBGI GINGN GLPGP GMBGM GNBGW GNQGQ GRCGR GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY ' +
  'HKGHK HMDHM HNDHN HRVHR HTIHT HUNHU IDNID IMNIM INDIN IOTIO IRLIE IRNIR IRQIQ ISLIS ISRIL ITAIT ' +
  'JAMJM JEYJE JORJO JPNJP KAZKZ KENKE KGZKG KHMKH KIRKI KNAKN KORKR KWTKW LAOLA LBNLB LBRLR LBYLY ' +
  'LCALC LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO MAFMF MARMA MCOMC MDAMD MDGMG MDVMV MEXMX MHLMH ' +
  'MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR MSRMS MTQMQ MUSMU MWIMW MYSMY MYTYT NAMNA ' +
  'NCLNC NERNE NFKNF NGANG NICNI NIUNU NLDNL NORNO NPLNP NRUNR NZLNZ OMNOM PAKPK PANPA PCNPN PERPE ' +
  'PHLPH PLWPW PNGPG POLPL PRIPR PRKKP PRTPT PRYPY PSEPS PYFPF QATQA REURE ROURO RUSRU RWARW SAUSA ' +
  'SDNSD SENSN SGPSG SGSGS SHNSH SJMSJ SLBSB SLESL SLVSV SMRSM SOMSO SPMPM SRBRS SSDSS STPST SURSR ' +
  'SVKSK SVNSI SWESE SWZSZ SXMSX SYCSC SYRSY TCATC TCDTD TGOTG THATH TJKTJ TKLTK TKMTM TLSTL TONTO ' +
  'TTOTT TUNTN TURTR TUVTV TWNTW TZATZ UGAUG UKRUA UMIUM URYUY USAUS UZBUZ VATVA VCTVC VENVE VGBVG ' +
  'VIRVI VNMVN VUTVU WLFWF WSMWS YEMYE ZAFZA ZMBZM ZWEZW';

export const ALPHA2 = new Map(PAIRS.trim().split(' ').map((p) => [p.slice(0, 3), p.slice(3)]));

// Names people use that Intl does not give (short forms, older names).
const ALIASES = {
  saudi: 'SAU', cina: 'CHN', china: 'CHN', rrc: 'CHN', inggris: 'GBR', uk: 'GBR', britain: 'GBR', 'great britain': 'GBR',
  amerika: 'USA', usa: 'USA', us: 'USA', america: 'USA', uae: 'ARE', 'emirat arab': 'ARE',
  'korea selatan': 'KOR', 'south korea': 'KOR', holland: 'NLD', 'turkey': 'TUR', turki: 'TUR', rusia: 'RUS', russia: 'RUS',
  palestina: 'PSE', palestine: 'PSE', iran: 'IRN', suriah: 'SYR', syria: 'SYR', vietnam: 'VNM', 'timor leste': 'TLS',
};

// fold makes a name comparable: lower case, no accents or punctuation.
export const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z ]+/g, ' ').replace(/\s+/g, ' ').trim();

let index;
function names() {
  if (index) return index;
  index = new Map(Object.entries(ALIASES));
  for (const lang of ['id', 'en']) {
    let dn;
    try { dn = new Intl.DisplayNames([lang], { type: 'region' }); } catch { continue; }
    for (const [a3, a2] of ALPHA2) {
      const n = dn.of(a2);
      if (n && n !== a2 && !index.has(fold(n))) index.set(fold(n), a3);
    }
  }
  return index;
}

// countryCode returns the alpha-3 code a code or a name stands for, or ''.
export function countryCode(text) {
  const t = text.trim();
  if (/^[A-Za-z]{3}$/.test(t) && ALPHA2.has(t.toUpperCase())) return t.toUpperCase();
  return names().get(fold(t)) || '';
}

// countryName names an alpha-3 code in the page's language (lang).
export function countryName(code, lang) {
  const a2 = ALPHA2.get(code);
  try { return (a2 && new Intl.DisplayNames([lang], { type: 'region' }).of(a2)) || code; } catch { return code; }
}

// parseNationalities reads what a person typed — codes or names, separated
// by commas or semicolons ("SAU CHN" too: words that are all codes) — into
// the codes it names and the parts it does not know, in order, once each.
export function parseNationalities(text) {
  const codes = [], unknown = [];
  for (let part of text.split(/[,;]+/)) {
    part = part.trim();
    if (!part) continue;
    const words = part.split(/\s+/);
    const each = words.length > 1 && words.every((w) => /^[A-Za-z]{3}$/.test(w) && ALPHA2.has(w.toUpperCase()));
    for (const p of each ? words : [part]) {
      const c = countryCode(p);
      if (!c) unknown.push(p);
      else if (!codes.includes(c)) codes.push(c);
    }
  }
  return { codes, unknown };
}
