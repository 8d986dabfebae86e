// time.Time as a calendar: Unix, UTC, the fields, Format with the standard layouts,
// the zero Time, and the values timer channels deliver (time.Time, not a number).
package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.Unix(1767225600+86400*40+3723, 5000000).UTC()
	fmt.Println(t)
	fmt.Println(t.Format(time.RFC1123), "|", t.Format(time.RFC3339Nano), "|", t.Format(time.Kitchen))
	fmt.Println(t.Format("2006-01-02 15:04:05.000 Mon Jan _2 pm 002"), "|", t.Format("3:4:5 PM .999 ,000"))
	fmt.Println(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Weekday(), t.YearDay())
	fmt.Println(t.Format(time.ANSIC), "|", t.Format(time.StampMicro), "|", t.Format("Z07:00 -0700 -07:00 MST"))
	var z time.Time
	fmt.Println(z, z.IsZero(), z.Unix())
	fmt.Println(time.Unix(0, 0).UTC(), time.Month(13), time.Weekday(3), time.December, time.Saturday)
	u := time.UnixMilli(1767225600123)
	fmt.Println(u.UTC().Format(time.StampMilli), u.UnixMilli(), u.Equal(u.Add(0)), u.Add(time.Hour).Sub(u))
	leap := time.Unix(1709164800, 0).UTC() // 2024-02-29
	fmt.Println(leap.Format("Monday, 02-Jan-06"), leap.YearDay(), leap.Add(24*time.Hour).Format(time.RFC822))

	start := time.Now()
	fmt.Println(start.Unix() > 1600000000, start.Year() >= 2024)
	at := <-time.After(10 * time.Millisecond)
	fmt.Println(at.Sub(start) >= 10*time.Millisecond, at.After(start))
	tk := time.NewTicker(5 * time.Millisecond)
	x := <-tk.C
	tk.Stop()
	fmt.Println(x.Sub(start) > 0, x.Before(time.Now().Add(time.Second)))
}
