/** {@code atlas --serve}: an atlas over HTTP on the loopback interface, with the JDK's own server. */
package dev.embspace.atlas.serve;
