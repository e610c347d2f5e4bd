package org.xgrad.listeners;

import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.List;

/** A resettable iterator over a fixed list of MultiDataSets. */
final class ListMultiDataSetIterator implements MultiDataSetIterator {

    private final List<? extends MultiDataSet> data;
    private int cursor;

    ListMultiDataSetIterator(List<? extends MultiDataSet> data) {
        this.data = data;
    }

    @Override
    public MultiDataSet next(int num) {
        return next();
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        cursor = 0;
    }

    @Override
    public boolean hasNext() {
        return cursor < data.size();
    }

    @Override
    public MultiDataSet next() {
        return data.get(cursor++);
    }
}
