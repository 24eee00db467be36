/**
 * What a person sees of the analyses: each result drawn as an SVG figure ({@code figure}), and a
 * whole model written out as a self-contained site that opens from disk (the atlas).
 */
package dev.embspace.atlas;
