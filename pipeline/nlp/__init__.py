"""Vietnamese text into spaCy Docs: sentences, syllables, underthesea words, CRF tags.

``doc`` (the ``vnfacts.Tokenizer``), ``sentences`` (rule sentence splitter),
``segment`` (underthesea's CRF word segmentation with offsets), ``words`` (the
``vnfacts_words`` component), ``features`` (the compiled CRF featurizer) and
``crf`` (underthesea's POS → chunk → NER models). Nothing here knows the fact
kinds or the record contract; the pipeline is assembled in ``pipeline.language``.
"""
