package dev.hearth.protocol;
