package data

import "fmt"

// InScopeSQL returns a WHERE condition limiting column (an area code
// column, from the caller's own SQL, never from input) to the scope passed
// as parameter $n: pass geo.View.Scope there ("" = all areas).
//
//	q := `SELECT … FROM stays s WHERE s.id = $1 AND ` + data.InScopeSQL("s.desa_code", 2)
//	db.Pool.QueryRow(ctx, q, id, p.View().Scope)
//
// It is the SQL function pantau_in_scope (migration 0500), which PostgreSQL
// inlines.
func InScopeSQL(column string, n int) string {
	return fmt.Sprintf("pantau_in_scope(%s, $%d::text)", column, n)
}
