#!/usr/bin/env bash
# Regenerates the PNG fixtures (ImageMagick-encoded, synthetic source). Run make-fixtures.sh first (it
# writes source.ppm). The tests decode them with ffmpeg at test time as the reference (rgba / rgba64be).
set -euo pipefail
cd "$(dirname "$0")"
src=source.ppm
# alpha: a diagonal ramp so every alpha value class (0, partial, 255) occurs
convert $src -crop 37x29+10+9 +repage \( -size 37x29 gradient:white-black -rotate 0 \) -alpha off -compose CopyOpacity -composite png:alpha-src.png
p() { out=$1; shift; convert "$@" "png:$out"; }
crop="-crop 37x29+10+9 +repage"
for il in none PNG; do
  sfx=$([ $il = none ] && echo "" || echo "-interlaced")
  p png-grey1$sfx.png $src $crop -colorspace gray -depth 1 -interlace $il -define png:color-type=0 -define png:bit-depth=1
  p png-grey2$sfx.png $src $crop -colorspace gray -depth 2 -interlace $il -define png:color-type=0 -define png:bit-depth=2
  p png-grey4$sfx.png $src $crop -colorspace gray -depth 4 -interlace $il -define png:color-type=0 -define png:bit-depth=4
  p png-grey8$sfx.png $src $crop -colorspace gray -depth 8 -interlace $il -define png:color-type=0 -define png:bit-depth=8
  p png-grey16$sfx.png $src $crop -colorspace gray -depth 16 -interlace $il -define png:color-type=0 -define png:bit-depth=16
  p png-rgb8$sfx.png $src $crop -depth 8 -interlace $il -define png:color-type=2 -define png:bit-depth=8
  p png-rgb16$sfx.png $src $crop -depth 16 -interlace $il -define png:color-type=2 -define png:bit-depth=16
  p png-palette8$sfx.png $src $crop -colors 200 -interlace $il -define png:color-type=3 -define png:bit-depth=8
  p png-palette4$sfx.png $src $crop -colors 16 -interlace $il -define png:color-type=3 -define png:bit-depth=4
  p png-palette2$sfx.png $src $crop -colors 4 -interlace $il -define png:color-type=3 -define png:bit-depth=2
  p png-greyalpha8$sfx.png alpha-src.png -colorspace gray -depth 8 -interlace $il -define png:color-type=4 -define png:bit-depth=8
  p png-greyalpha16$sfx.png alpha-src.png -colorspace gray -depth 16 -interlace $il -define png:color-type=4 -define png:bit-depth=16
  p png-rgba8$sfx.png alpha-src.png -depth 8 -interlace $il -define png:color-type=6 -define png:bit-depth=8
  p png-rgba16$sfx.png alpha-src.png -depth 16 -interlace $il -define png:color-type=6 -define png:bit-depth=16
  p png-palette-trns$sfx.png alpha-src.png -depth 8 -colors 64 -interlace $il -define png:color-type=3 -define png:bit-depth=8
done
rm -f alpha-src.png
