package dev.embspace.io.tokenizer;

/** One token the model produced: its id and its string in the vocabulary. */
record Token(int id, String value) {
}
