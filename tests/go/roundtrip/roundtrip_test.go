// Round trip of Xen's Go package `xenlight` (the files xlidl generates, with Xen's
// hand-written xenlight.go), run by tests/test_go.py::test_go_roundtrip in a scratch copy
// of the package, beside rtglue.go (made from the IDL by tests/gohelpers.py:roundtrip_glue)
// and tests/c/xc_stubs.c (which lets libxl_ctx_alloc work without a hypervisor).
//
// TestRoundTrip: for every struct type of the IDL, random values (a fixed seed) go
// Go -> C (toC) -> Go (fromC) and must come back reflect.DeepEqual.  Keyed unions take
// each of their cases in turn; arrays, bitmaps, string lists, defbools, uuids, MACs ... are
// filled with random content.
//
// TestJSONRoundTrip: for the types listed in rtJSONTypes, values go Go -> C -> the real
// libxenlight's TYPE_to_json -> TYPE_from_json -> Go and must come back equal too.
//
// The test runs with MALLOC_PERTURB_ set, so that glibc fills what malloc returns with
// garbage and anything the conversions leave unset shows.
//
// What the values avoid, and why (each is a limitation of the code under test, not of the
// test; tests/test_go.py's report repeats them):
//   - Inside the elements of an array of structs (and of bitmaps) every string, slice,
//     bitmap and defbool is set: gengotypes.py's toC fills the elements in malloc'ed,
//     uninitialised memory and leaves a member untouched when its Go value is empty (""
//     for a string, an empty slice or bitmap, a default defbool), so the C value would
//     hold garbage there.
//   - CpuidPolicyList is always "": Xen's xenlight.go reads it back as "" whatever C holds
//     (and writes a non-empty one through libxl_cpuid_parse_config, which takes x86 CPUID
//     policy strings only).  KeyValueList and EvLink are empty structs in Go: they carry
//     nothing either way.
//   - Enumeration members take the enumeration's values (the JSON path writes them by
//     name); a keyed union's key takes the values its cases are for.
//   - Go `int` members hold C `int` values (32 bits).
//   - Strings are printable ASCII without NUL (C strings).
//   - A StringList is empty, and never nil: Xen's xenlight.go reads a list back from the
//     address of the C member instead of from the list it points to (unsafe.Pointer(csl)
//     where *csl is meant), so a list with strings comes back as garbage, or crashes
//     (TestStringListIsReadWrong shows it); for none fromC makes an empty slice.
//   - On the JSON path, a bitmap's last byte is not zero: libxl writes a bitmap as the
//     list of its set bits and reads it back with the size the highest bit needs.
//   - On the JSON path, const members keep their zero value: Xen's generator leaves them
//     out of TYPE_gen_json and TYPE_parse_json (libxl_domain_build_info's u.pv.features).
//   - On the JSON path, a Hwcap has words 4 to 7 zero: libxl writes the 8 words of a
//     libxl_hwcap but libxl__hwcap_parse_json reads only the first 4
//     (TestHwcapJSONReadsFourWords shows it with libxl_physinfo).
//   - On the JSON path, a uint64 is below 2^63: libxl reads the members of JSON numbers
//     beyond long long (yajl gives them as strings) as if they were absent, so they come
//     back as their default.
// The output lists each type with its number of values ("roundtrip TYPE N") for the
// Python test to check.

package xenlight

import (
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unsafe"
)

// rtType: a struct type of the IDL and its conversions (see rtglue.go).
type rtType struct {
	name  string
	typ   reflect.Type
	goCGo func(v interface{}) (interface{}, error)
	json  func(ctx unsafe.Pointer, v interface{}) (interface{}, string, error)
}

// rtUnion: a keyed union member of a struct: the Go fields of its key and its union.
type rtUnion struct {
	key, union string
	cases      []rtCase
}

// rtCase: a case of a keyed union: its key value, and its struct's Go type (nil: no data).
type rtCase struct {
	key  int
	name string
	typ  reflect.Type
}

const rtSeed = 20230817

var (
	defboolType    = reflect.TypeOf(Defbool{})
	bitmapType     = reflect.TypeOf(Bitmap{})
	stringListType = reflect.TypeOf(StringList{})
	cpuidType      = reflect.TypeOf(CpuidPolicyList(""))
	hwcapType      = reflect.TypeOf(Hwcap{})
)

type generator struct {
	r    *rand.Rand
	json bool           // values for the JSON path
	turn map[string]int // keyed union -> the next case to take
	hits map[string]int // "TYPE.FIELD=case" -> values made with that case
}

func newGenerator(json bool) *generator {
	return &generator{r: rand.New(rand.NewSource(rtSeed)), json: json,
		turn: map[string]int{}, hits: map[string]int{}}
}

// settable gives access to unexported fields too (Bitmap's, Defbool's).
func settable(v reflect.Value) reflect.Value {
	if v.CanSet() {
		return v
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

func (g *generator) str(dense bool) string {
	n := g.r.Intn(9)
	if dense && n == 0 {
		n = 1
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(' ' + g.r.Intn(95))
	}
	return string(b)
}

func (g *generator) length(dense bool) int {
	if dense {
		return 1 + g.r.Intn(3)
	}
	return g.r.Intn(4)
}

// fill sets v to a random value; dense: every member is set (see above).
func (g *generator) fill(v reflect.Value, dense bool) {
	v = settable(v)
	t := v.Type()
	switch t {
	case defboolType:
		vals := []defboolVal{defboolDefault, defboolFalse, defboolTrue}
		if dense {
			vals = vals[1:]
		}
		v.Set(reflect.ValueOf(Defbool{val: vals[g.r.Intn(len(vals))]}))
		return
	case cpuidType:
		return
	case hwcapType:
		for i := 0; i < v.Len(); i++ {
			if !g.json || i < 4 { // see TestHwcapJSONReadsFourWords
				v.Index(i).SetUint(uint64(g.r.Uint32()))
			}
		}
		return
	case stringListType:
		v.Set(reflect.ValueOf(StringList{})) // see TestStringListIsReadWrong
		return
	case bitmapType:
		f := settable(v.Field(0))
		n := g.length(dense)
		if n == 0 {
			return
		}
		bm := reflect.MakeSlice(f.Type(), n, n)
		for i := 0; i < n; i++ {
			bm.Index(i).SetUint(uint64(g.r.Intn(256)))
		}
		if g.json && bm.Index(n-1).Uint() == 0 {
			bm.Index(n - 1).SetUint(1 + uint64(g.r.Intn(255)))
		}
		f.Set(bm)
		return
	}
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(g.r.Intn(2) == 1)
	case reflect.Int:
		if vals, ok := rtEnums[t]; ok {
			v.SetInt(int64(vals[g.r.Intn(len(vals))]))
		} else {
			v.SetInt(int64(int32(g.r.Uint32())))
		}
	case reflect.Uint8, reflect.Uint16, reflect.Uint32:
		v.SetUint(g.r.Uint64())
	case reflect.Uint64:
		if g.json {
			v.SetUint(uint64(g.r.Int63()))
		} else {
			v.SetUint(g.r.Uint64())
		}
	case reflect.String:
		v.SetString(g.str(dense))
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			g.fill(v.Index(i), dense)
		}
	case reflect.Slice:
		n := g.length(dense)
		if n == 0 {
			return
		}
		s := reflect.MakeSlice(t, n, n)
		elemDense := dense || t.Elem().Kind() == reflect.Struct
		for i := 0; i < n; i++ {
			g.fill(s.Index(i), elemDense)
		}
		v.Set(s)
	case reflect.Struct:
		g.fillStruct(v, dense)
	default:
		panic(fmt.Sprintf("no random values for %v (%v)", t, t.Kind()))
	}
}

func (g *generator) fillStruct(v reflect.Value, dense bool) {
	t := v.Type()
	unions := rtUnions[t]
	skip := map[string]bool{}
	for _, u := range unions {
		skip[u.key] = true
		skip[u.union] = true
	}
	if g.json {
		for _, name := range rtConst[t] {
			skip[name] = true
		}
	}
	for i := 0; i < t.NumField(); i++ {
		if !skip[t.Field(i).Name] {
			g.fill(v.Field(i), dense)
		}
	}
	for _, u := range unions {
		id := t.Name() + "." + u.union
		c := u.cases[g.turn[id]%len(u.cases)]
		g.turn[id]++
		g.hits[id+"="+c.name]++
		settable(v.FieldByName(u.key)).SetInt(int64(c.key))
		if c.typ != nil {
			p := reflect.New(c.typ)
			g.fill(p.Elem(), dense)
			settable(v.FieldByName(u.union)).Set(p)
		}
	}
}

// diff: the first place where a and b differ, for the failure message.
func diff(path string, a, b reflect.Value) string {
	if a.Kind() != b.Kind() || a.Type() != b.Type() {
		return fmt.Sprintf("%s: %v vs %v", path, a.Type(), b.Type())
	}
	switch a.Kind() {
	case reflect.Ptr, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Sprintf("%s: nil %v vs %v", path, a.IsNil(), b.IsNil())
			}
			return ""
		}
		return diff(path, a.Elem(), b.Elem())
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if d := diff(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice, reflect.Array:
		if a.Kind() == reflect.Slice && a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil %v vs %v", path, a.IsNil(), b.IsNil())
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d vs %d", path, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if d := diff(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
		return ""
	}
	av := fmt.Sprint(settable2(a))
	bv := fmt.Sprint(settable2(b))
	if av != bv {
		return fmt.Sprintf("%s: %s vs %s", path, av, bv)
	}
	return ""
}

func settable2(v reflect.Value) interface{} {
	if v.CanInterface() {
		return v.Interface()
	}
	if v.CanAddr() {
		return settable(v).Interface()
	}
	return fmt.Sprint(v)
}

// rtValues is the number of random values per type and path.
const rtValues = 300

func checkCases(t *testing.T, g *generator) {
	for _, ty := range rtTypes {
		for _, u := range rtUnions[ty.typ] {
			for _, c := range u.cases {
				id := ty.typ.Name() + "." + u.union + "=" + c.name
				if g.hits[id] == 0 {
					t.Errorf("case %s never made", id)
				}
			}
		}
	}
}

func TestRoundTrip(t *testing.T) {
	g := newGenerator(false)
	for _, ty := range rtTypes {
		n := 0
		for i := 0; i < rtValues; i++ {
			in := reflect.New(ty.typ)
			g.fill(in.Elem(), false)
			out, err := ty.goCGo(in.Interface())
			if err != nil {
				t.Errorf("%s value %d: %v", ty.name, i, err)
				continue
			}
			if !reflect.DeepEqual(in.Interface(), out) {
				t.Errorf("%s value %d differs after Go -> C -> Go: %s", ty.name, i,
					diff(ty.name, in, reflect.ValueOf(out)))
				continue
			}
			n++
		}
		fmt.Printf("roundtrip %s %d\n", ty.name, n)
	}
	checkCases(t, g)
}

func TestJSONRoundTrip(t *testing.T) {
	ctx, err := NewContext()
	if err != nil {
		t.Fatalf("NewContext: %v", err)
	}
	defer ctx.Close()
	g := newGenerator(true)
	var names []string
	for _, ty := range rtTypes {
		if ty.json == nil {
			continue
		}
		names = append(names, ty.name)
		n := 0
		for i := 0; i < rtValues; i++ {
			in := reflect.New(ty.typ)
			g.fill(in.Elem(), false)
			out, js, err := ty.json(unsafe.Pointer(ctx.ctx), in.Interface())
			if err != nil {
				t.Errorf("%s value %d: %v\n%s", ty.name, i, err, js)
				continue
			}
			if !reflect.DeepEqual(in.Interface(), out) {
				t.Errorf("%s value %d differs after Go -> C -> JSON -> C -> Go: %s\n%s",
					ty.name, i, diff(ty.name, in, reflect.ValueOf(out)), js)
				continue
			}
			n++
		}
		fmt.Printf("json %s %d\n", ty.name, n)
	}
	sort.Strings(names)
	fmt.Printf("json types: %s\n", strings.Join(names, " "))
	checkCases(t, g)
}

func jsonOf(t *testing.T, name string) rtType {
	for _, ty := range rtTypes {
		if ty.name == name && ty.json != nil {
			return ty
		}
	}
	t.Fatalf("no JSON round trip for %s", name)
	return rtType{}
}

// TestHwcapJSONReadsFourWords: the limitation of libxenlight above, through the real
// library: words 4 to 7 of libxl_physinfo's hw_cap come back as zero.
func TestHwcapJSONReadsFourWords(t *testing.T) {
	ctx, err := NewContext()
	if err != nil {
		t.Fatalf("NewContext: %v", err)
	}
	defer ctx.Close()
	ty := jsonOf(t, "libxl_physinfo")
	in := &Physinfo{}
	for i := range in.HwCap {
		in.HwCap[i] = uint32(0x1000 + i)
	}
	v, js, err := ty.json(unsafe.Pointer(ctx.ctx), in)
	if err != nil {
		t.Fatalf("%v\n%s", err, js)
	}
	out := v.(*Physinfo)
	var want Hwcap
	copy(want[:4], in.HwCap[:4])
	if out.HwCap != want {
		t.Fatalf("hw_cap comes back as %v (libxl__hwcap_parse_json was fixed?)", out.HwCap)
	}
	fmt.Printf("hwcap: %v comes back as %v\n", in.HwCap, out.HwCap)
}

// TestStringListIsReadWrong: the limitation of xenlight.go's StringList.fromC above, shown
// on a list of one string (which stays within the C array: its second entry is NULL).
func TestStringListIsReadWrong(t *testing.T) {
	in := StringList{"abc"}
	out, err := stringListThroughC(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 {
		t.Fatalf("length %d", len(out))
	}
	if out[0] == "abc" {
		t.Fatalf("a StringList with a string comes back: xenlight.go's fromC was fixed, " +
			"lift the restriction on string lists")
	}
	fmt.Printf("stringlist: %q comes back as %q\n", in[0], out[0])
}
