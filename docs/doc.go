// Package docs holds pyasm's tutorial, TUTORIAL.md. It has no code: its
// test follows the tutorial, running every program and command in it and
// comparing what they print with what the tutorial shows.
package docs
