import "pe"
// rule x { }
private rule a : tag { strings: $s = "}{\"" $r = /a\/b}/ condition: $s or $r }
global rule b { condition: true } /* rule c { */
rule c { strings: $h = { 4D 5A } condition: $h }
