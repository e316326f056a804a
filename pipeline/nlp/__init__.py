"""Vietnamese text into spaCy Docs: sentences, syllables, underthesea words, CRF tags.

``doc`` (the ``vnfacts.Tokenizer``), ``sentences`` (rule sentence splitter),
``segment`` (underthesea's CRF word segmentation with offsets), ``words`` (the
``vnfacts_words`` component), ``features`` (the compiled CRF featurizer, to
feature strings), ``attribute_ids`` (featurizing to the models' attribute
ids), ``crfsuite`` (the model files read), ``viterbi`` (emissions and best
paths in NumPy, exactly as underthesea_core's tagger) and ``crf``
(underthesea's POS → chunk → NER models). Nothing here knows the fact
kinds or the record contract; the pipeline is assembled in ``pipeline.language``.
"""
