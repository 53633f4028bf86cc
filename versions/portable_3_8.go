package versions

// 3.8 spells the portable instructions as 3.7 does.
var portable3_8 = PortableTable{Base: &portable3_7}
